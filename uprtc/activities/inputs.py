"""Turning plain input (API JSON, a bulk-file row) into ``ActivityData``,
naming the field of anything that does not resolve."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from uprtc.activities import coherence
from uprtc.activities.choices import OrgRole
from uprtc.activities.data import ActivityData
from uprtc.activities.fields import API, MANY_FIELDS, SCALAR, names
from uprtc.actors.models import Organization
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country


def number(value: Any) -> str:
    """An identifier as the database can hold it (a 64-bit key)."""
    n = int(str(value).strip())
    if not 0 < n < 2**63:
        raise ValueError(n)
    return str(n)


# the coded columns, checked against their codes; title and description are
# ``ActivityData``'s own and the currency is upper-cased (``activity_data``)
CHOICES = {f.name: f.choices() for f in API if f.kind == SCALAR and f.choices()}
PLAIN = names(
    f
    for f in API
    if f.kind == SCALAR
    and f.name not in CHOICES
    and f.name not in ("title", "description", "currency")
)
# how each many-to-many's items are named in an input
NORMALISE: dict[str, Callable[[Any], str]] = {
    "recommendations": number,
    "sdg_goals": number,
    "sdg_targets": lambda v: str(v).strip().lower(),
}


def lookup(
    model: Any, field: str, values: Iterable[Any], name: str, normalise: Any = str
) -> list[Any]:
    wanted = []
    for value in values:
        if not str(value).strip():
            continue
        try:
            wanted.append(normalise(value))
        except (TypeError, ValueError):
            raise DomainError(
                _("Unknown value(s) in %(field)s: %(values)s")
                % {"field": name, "values": value},
                field=name,
            ) from None
    found = {
        str(getattr(o, field)): o
        for o in model.objects.filter(**{f"{field}__in": wanted})
    }
    missing = [str(v) for v in wanted if str(v) not in found]
    if missing:
        raise DomainError(
            _("Unknown value(s) in %(field)s: %(values)s")
            % {"field": name, "values": ", ".join(missing)},
            field=name,
        )
    return [found[str(v)] for v in wanted]


def states(codes: Iterable[str]) -> list[Country]:
    return lookup(
        Country, "iso3", codes, "concerned_states", lambda v: str(v).strip().upper()
    )


def activity_data(raw: dict[str, Any]) -> ActivityData:
    scalars = {k: raw[k] for k in PLAIN if k in raw and raw[k] is not None}
    for name, choices in CHOICES.items():
        value = (raw.get(name) or "").strip()
        if value and value not in choices:
            raise DomainError(
                _("%(value)r is not one of: %(choices)s")
                % {"value": value, "choices": ", ".join(choices)},
                field=name,
            )
        scalars[name] = value
    scalars["currency"] = (raw.get("currency") or "").strip().upper()
    m2m = {
        f.name: lookup(
            f.related(),
            f.code,
            raw.get(f.name, []),
            f.name,
            NORMALISE.get(f.name, str),
        )
        for f in MANY_FIELDS
    }
    concerned = states(raw.get("concerned_states") or [])
    if concerned and (
        elsewhere := coherence.addressed_elsewhere(m2m["recommendations"], concerned)
    ):
        raise DomainError(coherence.problem(elsewhere[0]), field="recommendations")
    return ActivityData(
        title=(raw.get("title") or "").strip(),
        description=(raw.get("description") or "").strip(),
        concerned_states=concerned,
        scalars=scalars,
        m2m=m2m,
        participants=participants(raw.get("participants")),
    )


def participants(raw: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    if raw is None:
        return None
    out = []
    for number, item in enumerate(raw, start=1):
        role = item.get("role") or OrgRole.PARTNER
        if role not in OrgRole.values:
            raise DomainError(
                _("participant %(n)s: role %(role)r is not one of: %(choices)s")
                % {"n": number, "role": role, "choices": ", ".join(OrgRole.values)},
                field="participants",
            )
        org = None
        if item.get("organization_id"):
            org = Organization.objects.filter(pk=item["organization_id"]).first()
            if org is None:
                raise DomainError(
                    _("participant %(n)s: no organization %(id)s")
                    % {"n": number, "id": item["organization_id"]},
                    field="participants",
                )
        out.append({"organization": org, "name": item.get("name", ""), "role": role})
    return out
