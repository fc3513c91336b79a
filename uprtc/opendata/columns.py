"""A column of an open data set, defined once: the CSV, XLSX and JSON files
and the data dictionary page are all generated from the same list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Shown on the data dictionary page; the keys are what Column.type holds.
TYPES: dict[str, Promise] = {
    "integer": _("integer"),
    "decimal": _("decimal number"),
    "text": _("text"),
    "code": _("code"),
    "codes": _("list of codes (“;”-separated in CSV and XLSX, a list in JSON)"),
    "integers": _("list of integers (“;”-separated in CSV and XLSX, a list in JSON)"),
    "texts": _("list of texts (“;”-separated in CSV and XLSX, a list in JSON)"),
    "date": _("date (YYYY-MM-DD)"),
    "datetime": _("date and time (ISO 8601, UTC)"),
    "boolean": _("true or false"),
    "url": _("web address"),
}
SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    getter: Callable[[Any], Any]
    description: Promise | str
    type: str = "text"

    @property
    def type_label(self) -> Promise:
        return TYPES[self.type]


def key(name: str, description: Promise | str, type: str = "text") -> Column:
    """A column read from a plain dict under its own name."""
    return Column(name, itemgetter(name), description, type)


def attr(name: str, description: Promise | str, type: str = "text") -> Column:
    """A column read from a model attribute of the same name."""
    return Column(name, lambda obj: getattr(obj, name), description, type)


# Columns that mean the same in every data set that has them.
SHARED: dict[str, Column] = {
    c.name: c
    for c in (
        key("state", _("State under review (ISO 3166 alpha-3)."), "code"),
        key("language", _("Language of the text (ISO 639-1)."), "code"),
        key("themes", _("Themes (UHRI identifiers)."), "codes"),
        key("sdg_goals", _("SDG goals."), "integers"),
        key("sdg_targets", _("SDG targets."), "codes"),
        key("languages", _("Working languages (ISO 639-1)."), "codes"),
    )
}


def shared(*names: str) -> list[Column]:
    return [SHARED[name] for name in names]


def url_after_id(columns: list[Column]) -> list[Column]:
    """Every data set gives the page of a row right after its identifier."""
    url = next(c for c in columns if c.name == "url")
    rest = [c for c in columns if c is not url]
    return [*rest[:1], url, *rest[1:]]


def flat(value: Any) -> Any:
    """One cell of a CSV or XLSX row: lists joined, dates ISO, None empty.
    Numbers, booleans and dates stay typed for XLSX; the CSV writer turns
    them into text with :func:`text`."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, Decimal):
        return value
    return value


def text(value: Any) -> str:
    value = flat(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
