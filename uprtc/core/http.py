"""Small helpers of the web views."""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.http import HttpRequest, QueryDict

F = TypeVar("F", bound=forms.BaseForm)


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST data on a POST, even an empty
    one (``request.POST or None`` would show an empty post the blank form
    again, without a word on what is missing)."""
    return request.POST if request.method == "POST" else None


# The buttons that only help fill a form in (find recommendations, suggest
# labels): the form comes back with what was typed, never as a failed submission.
HELPER_BUTTONS = ("find", "suggest")


def helping(request: HttpRequest, form: F) -> F:
    """``form`` as it should be shown again: after a helper button, its values
    kept and nothing marked wrong (an error summary that takes the focus when
    someone asked for suggestions reads as a refusal)."""
    if request.method == "POST" and any(b in request.POST for b in HELPER_BUTTONS):
        form.errors.clear()  # judged once, then shown with its verdict emptied
    return form
