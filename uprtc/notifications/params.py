"""What a notification was about, kept so that its words can be written again
in whatever language the desk is read in (the e-mail went out once, in the
recipient's language; the desk follows the reader's choice of the day).

Objects are kept as references and read again, so a renamed activity shows
its current title; labels of choices are kept as the source text and
translated when shown. Anything else is kept as JSON allows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

# the gettext functions a lazy label may come from, by name, so a stored
# label is translated by the same function with the same source text, in the
# language active when it is shown
LAZY = {
    "gettext": translation.gettext_lazy,
    "pgettext": translation.pgettext_lazy,
}


class Gone(LookupError):
    """An object the notification named no longer exists."""


def encode(context: dict[str, Any]) -> dict[str, Any]:
    return {key: _encode(value) for key, value in context.items()}


def _encode(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, Promise):
        func, args, _kw = value.__reduce__()[1][:3]
        if getattr(func, "__name__", "") in LAZY:
            return {"$lazy": func.__name__, "args": list(args)}
        return str(value)
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def decode_many(stored: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """Each stored context with its objects read again (one query a model for
    the lot); None where one of them is gone, so the caller falls back to the
    words written at the time."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for params in stored:
        for ref in _refs(params):
            wanted[ref["$model"]].add(ref["pk"])
    found = {
        label: apps.get_model(label).objects.in_bulk(list(pks))
        for label, pks in wanted.items()
    }
    out: list[dict[str, Any] | None] = []
    for params in stored:
        try:
            out.append({k: _decode(v, found) for k, v in params.items()})
        except Gone:
            out.append(None)
    return out


def _refs(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict) and "$model" in value:
        return [value]
    if isinstance(value, dict):
        return [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def _decode(value: Any, found: dict[str, dict[Any, models.Model]]) -> Any:
    if isinstance(value, dict) and "$model" in value:
        obj = found.get(value["$model"], {}).get(value["pk"])
        if obj is None:
            raise Gone(value["$model"])
        return obj
    if isinstance(value, dict) and "$lazy" in value:
        return LAZY[value["$lazy"]](*value["args"])
    if isinstance(value, list):
        return [_decode(v, found) for v in value]
    return value


def choice_label(obj: models.Model, field: str) -> Any:
    """The label of ``obj.<field>``'s choice, lazily, so a notification keeps
    it as source text (``get_FOO_display()`` would fix the sender's language)."""
    labels = dict(obj._meta.get_field(field).flatchoices)
    return labels.get(getattr(obj, field), getattr(obj, field))
