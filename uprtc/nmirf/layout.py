"""The implementation plan layout: one row per recommendation, the columns
national mechanisms' tools (IMPACT OSS, SIMORE, the SDG–Human Rights data
explorer) exchange. The export writes it and the import reads it back, from
this one definition; see README.md for the reasons behind each column."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from uprtc.countries.models import Country
from uprtc.opendata.columns import Column
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.serialize import prefetch

ID = "Recommendation ID"


def _codes(name: str, field: str) -> Any:
    return lambda r: [getattr(o, field) for o in getattr(r, name).all()]


def _tracked(field: str) -> Any:
    def get(rec: Recommendation) -> Any:
        tracking = getattr(rec, "tracking", None)
        return getattr(tracking, field) if tracking else None

    return get


def _activities(field: str) -> Any:
    return lambda r: [getattr(a, field) for a in r.public_activities]


# The State's own tracking: the only columns the import writes.
EDITABLE = {
    "Responsible institution": "responsible_institution",
    "Supporting institutions": "supporting_institutions",
    "Planned actions": "planned_actions",
    "Indicators": "indicators",
    "Deadline": "deadline",
    "Implementation status": "status",
    "Progress notes": "progress_notes",
}

COLUMNS = [
    Column(
        ID,
        lambda r: r.pk,
        _("Identifier in uprtc; the key the import matches rows by."),
        "integer",
    ),
    Column(
        "State",
        lambda r: r.state_under_review.iso3,
        _("State under review (ISO 3166 alpha-3)."),
        "code",
    ),
    Column("UPR cycle", lambda r: r.cycle, _("UPR cycle."), "integer"),
    Column(
        "UPR session", lambda r: r.session, _("UPR Working Group session."), "integer"
    ),
    Column(
        "Document symbol",
        lambda r: r.document_symbol,
        _("Report of the Working Group holding the recommendation."),
    ),
    Column("Paragraph", lambda r: r.paragraph, _("Paragraph number in that report.")),
    Column(
        "Recommending States",
        _codes("recommending_states", "iso3"),
        _("Recommending States (ISO 3166 alpha-3)."),
        "codes",
    ),
    Column("Recommendation", lambda r: r.text, _("Text of the recommendation.")),
    Column(
        "Response",
        lambda r: r.response,
        _("supported, noted, partially-supported or pledge."),
        "code",
    ),
    Column(
        "Themes",
        _codes("themes", "slug"),
        _("Human rights themes (UHRI identifiers)."),
        "codes",
    ),
    Column(
        "SDG goals",
        _codes("sdg_goals", "number"),
        _("Sustainable Development Goals."),
        "integers",
    ),
    Column("SDG targets", _codes("sdg_targets", "code"), _("SDG targets."), "codes"),
    Column(
        "Affected persons",
        _codes("affected_persons", "slug"),
        _("Rights holders concerned (UHRI identifiers)."),
        "codes",
    ),
    Column(
        "Activity IDs",
        _activities("pk"),
        _("Published activities supporting the recommendation."),
        "integers",
    ),
    Column(
        "Activity titles",
        _activities("title"),
        _("Their titles, in the same order."),
        "texts",
    ),
    Column(
        "Activity statuses",
        _activities("implementation_status"),
        _("Their implementation status, in the same order."),
        "codes",
    ),
    Column(
        "Responsible institution",
        _tracked("responsible_institution"),
        _("Lead ministry or institution (national tracking)."),
    ),
    Column(
        "Supporting institutions",
        _tracked("supporting_institutions"),
        _("Other institutions involved (national tracking)."),
    ),
    Column(
        "Planned actions",
        _tracked("planned_actions"),
        _("Measures planned (national tracking)."),
    ),
    Column(
        "Indicators",
        _tracked("indicators"),
        _("Indicators of progress (national tracking)."),
    ),
    Column(
        "Deadline", _tracked("deadline"), _("Target date (national tracking)."), "date"
    ),
    Column(
        "Implementation status",
        _tracked("status"),
        _(
            "not-started, in-progress, partially-implemented or "
            "fully-implemented (national tracking)."
        ),
        "code",
    ),
    Column(
        "Progress notes",
        _tracked("progress_notes"),
        _("Progress so far (national tracking)."),
    ),
    Column(
        "Last updated",
        _tracked("updated_at"),
        _("When the tracking was last changed; ignored on import."),
        "datetime",
    ),
]
KNOWN = [c.name for c in COLUMNS]


def normalize(header: Any) -> str:
    """Header matching ignores case, spacing, "_" and "-"."""
    return re.sub(r"[\W_]+", " ", str(header)).strip().lower()


def plan_rows(
    country: Country, cycle: int | None = None, response: str | None = None
) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.filter(state_under_review=country)
    if cycle:
        qs = qs.filter(cycle=cycle)
    if response:
        qs = qs.filter(response=response)
    return (
        qs.select_related("state_under_review", "tracking")
        .prefetch_related(*prefetch("title", "implementation_status", order_by=("pk",)))
        .order_by("-cycle", "pk")
    )
