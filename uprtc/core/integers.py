"""Integers a database column can hold, and the URL converter for ids.

Every integer column we have fits in 64 bits (``BigAutoField`` ids, counts,
years). A number past that, typed into a URL, used to reach a query and fail
there: SQLite raises ``OverflowError`` ("Python int too large to convert to
SQLite INTEGER") and PostgreSQL refuses some comparisons. Checking the range
once, where the number enters, turns that server error into a clear answer:
404 for an id in a path (no row can have it), 400 naming the parameter for a
filter (``uprtc.api.params`` for the API)."""

from __future__ import annotations

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
