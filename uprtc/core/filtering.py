"""List filters as tables: which query parameter narrows a list by which column.

A table maps a parameter's name to a ``Filter`` (an ORM lookup, a cast and
the facet whose labels name its values) or to ``Words`` (the word search).
Each queryset that lists records exposes its table as ``filtered(params)``,
so pages, API and commands narrow a list in one way::

    Activity.objects.public().filtered(request.GET)

``filtered`` narrows what the queryset already holds: visibility stays with
``public()`` / ``visible_to(user)``, called first. Several values of one
parameter match any of them; several parameters must all match. A value a
cast refuses raises ``FilterError`` naming the parameter (a 400
problem+json in the API, an empty list on a page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, Self, TypeVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uprtc.core.errors import DomainError
from uprtc.core.integers import INT64_MAX, INT64_MIN, fits

QS = TypeVar("QS", bound=QuerySet[Any])
# a QueryDict, or a dict of values (a value may be a list of several)
Params = Mapping[str, Any]
MAX_WORDS = 8  # a pasted paragraph would join the table once per word


class FilterError(DomainError):
    """A filter value that cannot be read; ``field`` is the parameter."""


class BadValue(ValueError):
    """Raised by a cast: ``message`` holds ``%(name)s`` for the parameter."""

    def __init__(self, message: str | Promise, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


# --- casts: the raw value (a string, or a value already typed) to a value ---


def text(value: Any) -> str:
    return str(value)


def upper(value: Any) -> str:
    return str(value).upper()


def lower(value: Any) -> str:
    return str(value).lower()


def integer(value: Any) -> int:
    """A whole number a database column can hold (``core.integers``)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not fits(number):
        raise BadValue(
            _("%(name)s must be a whole number from %(min)s to %(max)s."),
            min=INT64_MIN,
            max=INT64_MAX,
        )
    return number


# the words the API's schema reads as booleans (pydantic's), so that a page
# and the API read a flag alike
TRUE = {"1", "true", "t", "yes", "y", "on"}
FALSE = {"0", "false", "f", "no", "n", "off"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word not in TRUE | FALSE:
        raise BadValue(_("%(name)s must be true or false."))
    return word in TRUE


def date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadValue(_("%(name)s must be a date (YYYY-MM-DD).")) from None


# --- the table's entries ---------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """``lookup`` is an ORM lookup, or a function from the cast value to a
    condition (``Q``, ``Exists``); ``facet`` names the vocabulary of its
    values (``search.labels``); ``many=False`` reads one value (the last)."""

    lookup: str | Callable[[Any], Any]
    cast: Callable[[Any], Any] = text
    facet: str = ""
    many: bool = True

    def apply(self, qs: QS, name: str, values: list[Any]) -> QS:
        cast = [read(name, self.cast, v) for v in values]
        if callable(self.lookup):
            return qs.filter(self.lookup(cast[-1]))
        if len(cast) == 1 or not self.many:
            return qs.filter(**{self.lookup: cast[-1]})
        return qs.filter(**{f"{self.lookup}__in": cast})


@dataclass(frozen=True)
class Words:
    """The list's own search: every word in one of ``fields``, as written."""

    fields: tuple[str, ...]

    def apply(self, qs: QS, name: str, values: list[Any]) -> QS:
        return words_search(qs, self.fields, str(values[-1]))


Table = Mapping[str, Filter | Words]


def faceted(table: Table, name: str) -> Filter:
    """The entry of ``name``, a filter on a column whose values a facet names
    (a facet counts records by that column and labels them by ``facet``)."""
    entry = table[name]
    if not isinstance(entry, Filter) or not entry.facet or callable(entry.lookup):
        raise LookupError(f"{name!r} is not a faceted column filter")
    return entry


def read(name: str, cast: Callable[[Any], Any], value: Any) -> Any:
    """``cast(value)``, or a ``FilterError`` naming the parameter."""
    try:
        return cast(value)
    except BadValue as refused:
        message, params = str(refused.message), refused.params
    except (TypeError, ValueError):
        message, params = gettext("%(name)s has a value that cannot be read."), {}
    raise FilterError(message % {"name": name, **params}, field=name)


def given(params: Params, name: str) -> list[Any]:
    """The non-empty values of ``name`` in ``params``."""
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        value = params.get(name)
        raw = list(value) if isinstance(value, list | tuple) else [value]
    return [v for v in raw if v is not None and v != ""]


def apply_filters(qs: QS, table: Table, params: Params) -> QS:
    """``qs`` narrowed by every parameter of ``table`` given in ``params``
    (others are ignored), without duplicates from many-to-many joins."""
    for name, entry in table.items():
        values = given(params, name)
        if values:
            qs = entry.apply(qs, name, values)
    return qs.distinct()


class Filterable(Protocol):
    """A queryset with a filter table (``filtered``)."""

    def none(self) -> Self: ...

    def filtered(self, params: Params) -> Self: ...


F = TypeVar("F", bound=Filterable)


def filter_by_form(form: forms.Form, qs: F) -> F:
    """A list page's filters: the form checks the values it offers (one it
    does not know empties the list), then ``qs.filtered`` narrows by the
    fields the form has and the reader filled (an unticked box is no filter)."""
    if not form.is_valid():
        return qs.none()
    chosen = [name for name in form.fields if form.cleaned_data.get(name)]
    try:
        return qs.filtered({name: given(form.data, name) for name in chosen})
    except FilterError:
        return qs.none()


def words_search(qs: QS, fields: Iterable[str], query: str) -> QS:
    """Records holding every word of ``query`` (up to ``MAX_WORDS``), each in
    one of ``fields``, ignoring case: the lists' search as written, where the
    search page (``uprtc.search``) finds other languages and word forms."""
    fields = tuple(fields)
    for word in query.split()[:MAX_WORDS]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(match)
    return qs
