"""What a create or update of an activity carries (from a form, the API or a
file): its plain fields, its many-to-many fields and the validated input.
Declared below the workflow (``services.py``) so that what reads or writes
that input (``content.py``, ``revisions.py``) needs no workflow step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uprtc.activities import fields
from uprtc.countries.models import Country

# declared once, in ``fields``
SCALARS = fields.SCALARS
M2M = fields.M2M


@dataclass
class ActivityData:
    """Validated input of a create or update (from a form, the API or a file)."""

    title: str
    description: str
    concerned_states: list[Country]
    scalars: dict[str, Any] = field(default_factory=dict)
    m2m: dict[str, list[Any]] = field(default_factory=dict)
    # each {"organization": Organization | None, "name", "role": OrgRole, "iati_ref"}
    participants: list[dict[str, Any]] | None = None
    # a regional or global IATI activity: a draft until a moderator names its
    # States (``uprtc.iati.regional``); it cannot be submitted without them
    states_later: bool = False
