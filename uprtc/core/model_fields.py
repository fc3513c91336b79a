"""Field declarations that mean the same thing wherever they stand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from uprtc.core.i18n import UN_LANGUAGES

# Languages whose names are common nouns, written small inside a phrase: "nom
# (chinois)", "nombre (chino)", "название (китайский)", not "nom (Chinois)".
SMALL_LANGUAGE_NAMES = ("fr", "es", "ru")

_M = TypeVar("_M", bound=models.Model)
_C = TypeVar("_C", bound=type[models.Model])


@overload
def optional_link(
    to: type[_M],
    verbose_name: Any,
    *,
    related_name: str = ...,
    on_delete: Any = ...,
) -> models.ForeignKey[_M | None, _M | None]: ...
@overload
def optional_link(
    to: str, verbose_name: Any, *, related_name: str = ..., on_delete: Any = ...
) -> models.ForeignKey[Any, Any]: ...
def optional_link(
    to: Any,
    verbose_name: Any,
    *,
    related_name: str = "+",
    on_delete: Any = models.PROTECT,
) -> models.ForeignKey[Any, Any]:
    """A link that may be empty (and left blank in forms). PROTECT by default:
    what a record points at (who decided, which organization) is history, so
    deleting it must be refused rather than silently rewrite the record."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )


def belongs_to(
    to: type[_M], verbose_name: Any, *, related_name: str
) -> models.ForeignKey[_M, _M]:
    """A required link to what this row belongs to, and is deleted with (an
    activity's consents, a user's memberships, the link between two
    recommendations)."""
    return models.ForeignKey(
        to, models.CASCADE, related_name, verbose_name=verbose_name
    )


def refers_to(
    to: type[_M], verbose_name: Any, *, related_name: str
) -> models.ForeignKey[_M, _M]:
    """A required link to reference data or a party (a State, an organization):
    deleting what is referred to is refused while anything refers to it."""
    return models.ForeignKey(
        to, models.PROTECT, related_name, verbose_name=verbose_name
    )


def any_of(
    to: type[_M], verbose_name: Any, *, related_name: str = "+"
) -> models.ManyToManyField[_M, Any]:
    """Tags or parties, none required (themes, SDG targets, States)."""
    return models.ManyToManyField(
        to, verbose_name=verbose_name, blank=True, related_name=related_name
    )


def workflow_state(
    start: models.TextChoices, *, max_length: int, verbose_name: Any = None
) -> models.CharField[Any, str]:
    """Where a row stands in its workflow. The vocabulary is the start state's
    class, so the two cannot disagree; indexed because every desk and list
    filters on it."""
    return models.CharField(
        verbose_name or _("status"),
        max_length=max_length,
        choices=type(start).choices,
        default=start,
        db_index=True,
    )


def in_each_language(
    field: str,
    verbose_name: Any,
    make: Callable[..., models.Field[Any, Any]],
    *,
    english_required: bool = True,
    **options: Any,
) -> Callable[[_C], _C]:
    """A class decorator giving a model ``<field>_en`` … ``<field>_ru``: one
    column per UN language, each ``make(label, blank=…, **options)``, labelled
    "name (English)" and so on. English is what the others fall back to
    (``core.i18n.localized``), so it alone may be required."""

    def add(model: _C) -> _C:
        for suffix, language in UN_LANGUAGES:
            label = column_label(verbose_name, language)
            blank = suffix != "en" or not english_required
            column = make(label, blank=blank, **options)
            column.contribute_to_class(model, f"{field}_{suffix}")
        return model

    return add


def _column_label(verbose_name: Any, language: Any) -> str:
    name = str(language)
    if (get_language() or "en").split("-")[0] in SMALL_LANGUAGE_NAMES:
        name = name.lower()
    return f"{verbose_name} ({name})"


# "name (Chinese)", in the reader's language when it is shown
column_label = lazy(_column_label, str)
