"""An activity's content as plain JSON, and back: what a proposed change
(``ActivityRevision``) stores until a moderator approves it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from uprtc.activities.data import M2M, SCALARS, ActivityData
from uprtc.activities.fields import FIELDS, SCALAR, names
from uprtc.activities.models import Activity
from uprtc.actors.models import Organization
from uprtc.countries.models import Country

DATES = names(f for f in FIELDS if f.kind == SCALAR and f.type == "date")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def data_of(activity: Activity) -> ActivityData:
    """The current content of ``activity`` as the input that would make it."""
    return ActivityData(
        title=activity.title,
        description=activity.description,
        concerned_states=[
            c.country for c in activity.consents.select_related("country")
        ],
        scalars={name: getattr(activity, name) for name in SCALARS},
        m2m={
            name: list(getattr(activity, name).values_list("pk", flat=True))
            for name in M2M
        },
        participants=[
            {
                "organization": p.organization,
                "name": p.name,
                "role": p.role,
                "iati_ref": p.iati_ref,
            }
            for p in activity.participants.select_related("organization")
        ],
    )


def data_to_json(data: ActivityData) -> dict[str, Any]:
    def pk(value: Any) -> Any:
        return getattr(value, "pk", value)

    return {
        "title": data.title.strip(),
        "description": data.description.strip(),
        "concerned_states": sorted(c.iso3 for c in data.concerned_states),
        "scalars": {k: _plain(v) for k, v in sorted(data.scalars.items())},
        "m2m": {k: sorted(pk(v) for v in values) for k, values in data.m2m.items()},
        "participants": None
        if data.participants is None
        else [
            {
                "organization": pk(p.get("organization")),
                "name": p.get("name", "") or "",
                "role": p["role"],
                "iati_ref": p.get("iati_ref", "") or "",
            }
            for p in data.participants
        ],
    }


def data_from_json(raw: dict[str, Any]) -> ActivityData:
    scalars = dict(raw["scalars"])
    for name in DATES:
        if scalars.get(name):
            scalars[name] = dt.date.fromisoformat(scalars[name])
    if scalars.get("budget") is not None:
        scalars["budget"] = Decimal(scalars["budget"])
    orgs = Organization.objects.in_bulk(
        [p["organization"] for p in raw["participants"] or [] if p["organization"]]
    )
    return ActivityData(
        title=raw["title"],
        description=raw["description"],
        concerned_states=list(Country.objects.filter(iso3__in=raw["concerned_states"])),
        scalars=scalars,
        m2m={k: list(v) for k, v in raw["m2m"].items()},
        participants=None
        if raw["participants"] is None
        else [
            {**p, "organization": orgs.get(p["organization"])}
            for p in raw["participants"]
        ],
    )


def completed(current: dict[str, Any], proposed: dict[str, Any]) -> dict[str, Any]:
    """``proposed`` with what it leaves out taken from ``current``: an input
    may carry only some fields, and what it leaves out does not change."""
    return {
        **proposed,
        "scalars": {**current["scalars"], **proposed["scalars"]},
        "m2m": {**current["m2m"], **proposed["m2m"]},
        "participants": current["participants"]
        if proposed.get("participants") is None
        else proposed["participants"],
    }


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields a proposed change alters: ``[{"field", "before", "after"}]``."""
    out = []
    for key in ("title", "description", "concerned_states"):
        if before.get(key) != after.get(key):
            out.append({"field": key, "before": before.get(key), "after": after[key]})
    for group in ("scalars", "m2m"):
        old, new = before.get(group, {}), after.get(group, {})
        for key in sorted(set(new)):
            if old.get(key) != new.get(key) and (old.get(key) or new.get(key)):
                out.append({"field": key, "before": old.get(key), "after": new[key]})
    if after.get("participants") is not None and before.get(
        "participants"
    ) != after.get("participants"):
        out.append(
            {
                "field": "participants",
                "before": before.get("participants"),
                "after": after["participants"],
            }
        )
    return out
