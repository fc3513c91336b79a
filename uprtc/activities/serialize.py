"""One activity as plain data: the API, feeds and exports share this shape."""

from __future__ import annotations

from typing import Any

from uprtc.activities.fields import M2M, MANY, PUBLIC, READ, SCALAR, Field
from uprtc.activities.models import Activity
from uprtc.core.links import absolute_url

PREFETCH = ("consents__country", "participants__organization", *M2M)


def _value(activity: Activity, field: Field) -> Any:
    if field.kind == MANY:
        return [
            getattr(item, field.code) for item in getattr(activity, field.name).all()
        ]
    return getattr(activity, field.name)


def activity_dict(activity: Activity, viewer: Any = None) -> dict[str, Any]:
    """The public fields (``fields.PUBLIC``). ``viewer``: who asks, for the
    stage as they may know it."""
    row = {
        f.name: _value(activity, f) for f in PUBLIC if f.kind in (SCALAR, MANY, READ)
    }
    return {
        **row,
        "status": activity.stage_for(viewer),
        "concerned_states": [c.country.iso3 for c in activity.consents.all()],
        "participants": [
            {"name": p.display_name, "role": p.role}
            for p in activity.participants.all()
        ],
        "url": absolute_url(activity),
    }
