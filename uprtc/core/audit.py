"""Writing the audit log. Every state change calls :func:`record` inside the same
transaction as the change, so a change and its audit entry commit together."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models

from uprtc.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-ready values (foreign keys as ids)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(obj, attname))
    return out


def save_change(
    obj: models.Model,
    action: str,
    *,
    actor: Any,
    data: dict[str, Any] | None = None,
    **values: Any,
) -> AuditEvent:
    """Set ``values`` on ``obj``, save those fields only, and record the change
    with what each held before and holds after: one step, so that no such
    write goes unaudited (call it inside the workflow step's transaction)."""
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values))
    return record(
        action,
        actor=actor,
        obj=obj,
        before=before,
        after=snapshot(obj, values),
        data=data,
    )


def actor_label_for(actor: Any) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "email", None) or str(actor)


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. ``actor`` is a user, a label such as
    ``"command:add-user"`` for work done by an operator, or ``None`` (system)."""
    user = actor if isinstance(actor, models.Model) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label_for(actor)[:254],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        data=_jsonable(data or {}),
    )
