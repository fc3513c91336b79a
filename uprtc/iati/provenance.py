"""Where an imported activity comes from, and what its publisher changed.

``mapped_fields`` and ``diff`` are pure (tested without a database);
``record`` writes the ``IatiRecord`` in the import's transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Consent
from uprtc.demo.iati_seed import SeedActivity
from uprtc.iati.models import IatiRecord, IatiSource

# label of each field kept for the comparison, in the order shown
FIELDS = {
    "title": _("Title"),
    "description": _("Description"),
    "language": _("Language"),
    "countries": _("Recipient countries"),
    "regions": _("Recipient regions"),
    "status": _("Activity status"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "budget": _("Budget"),
    "participants": _("Participating organizations"),
    "sectors": _("DAC sectors"),
    "sdg_goals": _("SDG goals"),
    "sdg_targets": _("SDG targets"),
}


def mapped_fields(seed: SeedActivity, regions: list[tuple[str, str]]) -> dict:
    """What uprtc reads of one activity, as JSON (a version to compare)."""
    return {
        "title": seed.title,
        "description": seed.description,
        "language": seed.language,
        "countries": list(seed.countries),
        "regions": [f"{vocabulary}:{code}" for vocabulary, code in regions],
        "status": seed.status,
        "start_date": seed.start_date.isoformat() if seed.start_date else "",
        "end_date": seed.end_date.isoformat() if seed.end_date else "",
        "budget": f"{seed.budget} {seed.currency}" if seed.budget is not None else "",
        "participants": [f"{p.name} ({p.role})" for p in seed.participants],
        "sectors": list(seed.dac_sectors),
        "sdg_goals": [str(g) for g in seed.sdg_goals],
        "sdg_targets": list(seed.sdg_targets),
    }


def diff(previous: dict | None, current: dict) -> list[dict[str, Any]]:
    """The fields that differ, each ``{"field", "label", "before", "after"}``."""
    if not previous:
        return []
    return [
        {
            "field": name,
            "label": label,
            "before": _shown(previous.get(name)),
            "after": _shown(current.get(name)),
        }
        for name, label in FIELDS.items()
        if previous.get(name) != current.get(name)
    ]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def record(
    entry: Any, activity_pk: int, file_name: str, source: IatiSource | None
) -> bool:
    """Write the provenance of one imported (or unchanged) activity; True
    when it still has no concerned State."""
    now = timezone.now()
    current = mapped_fields(entry.seed, entry.regions)
    states_needed = not Consent.objects.filter(activity_id=activity_pk).exists()
    found = IatiRecord.objects.select_for_update().filter(activity_id=activity_pk)
    rec = found.first() or IatiRecord(activity_id=activity_pk, first_harvested_at=now)
    changed = bool(rec.xml_hash) and rec.xml_hash != entry.xml_hash
    if changed:
        rec.previous, rec.changed_at = rec.current, now
    elif rec.pk is None:
        rec.changed_at = now
    rec.changed_since_last = changed
    rec.source = source or rec.source
    rec.file_name = file_name[:1000]
    rec.publisher_ref = entry.publisher[:200]
    rec.publisher_name = entry.seed.reporting_org.name[:300]
    rec.last_harvested_at = now
    rec.xml_hash = entry.xml_hash
    rec.current = current
    rec.warnings = [{"line": p.line, "message": p.message} for p in entry.warnings[:50]]
    rec.regions = [list(r) for r in entry.regions]
    rec.states_needed = states_needed
    rec.save()
    return states_needed
