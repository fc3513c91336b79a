"""Integers a database column can hold, and the URL converter for ids.

Every integer column we have fits in 64 bits (``BigAutoField`` ids, counts,
years). A number past that, typed into a URL, used to reach a query and fail
there: SQLite raises ``OverflowError`` ("Python int too large to convert to
SQLite INTEGER") and PostgreSQL refuses some comparisons. Checking the range
once, where the number enters, turns that server error into a clear answer:
404 for an id in a path (no row can have it), 400 naming the parameter for a
filter (``uprtc.api.params`` for the API)."""

from __future__ import annotations

from typing import Any

from django import forms

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def fits(value: int) -> bool:
    """Whether ``value`` fits a 64-bit integer column."""
    return INT64_MIN <= value <= INT64_MAX


class IdConverter:
    """``<id:pk>`` in a URL: like ``<int:pk>``, but a number past 64 bits
    does not match, so the page is a plain 404 before any view runs."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > INT64_MAX:
            raise ValueError(value)  # Django reads this as "no match"
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def _refuse_past_64_bits(field: forms.ModelChoiceField, value: object) -> None:
    text = str(value).strip()
    if text.lstrip("+-").isdigit() and not fits(int(text)):
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": text},
        )


class ModelChoiceField(forms.ModelChoiceField):
    """A posted key past 64 bits is "not one of the choices", not a query
    that overflows (a 500 found by the forms' fuzz tests)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            _refuse_past_64_bits(self, value)
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for each of several posted keys."""

    def _check_values(self, value: Any) -> Any:
        for each in value:
            _refuse_past_64_bits(self, each)
        return super()._check_values(value)
