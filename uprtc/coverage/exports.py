"""Coverage figures as plain rows, for the API and the CSV files."""

from __future__ import annotations

import csv
import io
from typing import Any

from uprtc.countries.models import Country
from uprtc.coverage.compute import Tally
from uprtc.coverage.services import (
    UNTHEMED,
    accepted,
    covered_earlier_ids,
    covered_ids,
    global_coverage,
    state_coverage,
)
from uprtc.opendata.writers import csv_cell


def _t(tally: Tally) -> dict[str, Any]:
    return {
        "accepted": tally.accepted,
        "covered": tally.covered,
        "uncovered": tally.uncovered,
        "share": round(tally.share, 4),
    }


def _with_earlier(tally: Tally) -> dict[str, Any]:
    """``covered`` stays "supported in this cycle"; the new key counts the
    uncovered ones supported in an earlier cycle (confirmed continuity)."""
    return {**_t(tally), "covered_in_earlier_cycle": tally.covered_earlier}


def state_dict(country: Country) -> dict[str, Any]:
    data = state_coverage(country)
    return {
        "state": country.iso3,
        **_with_earlier(data.total),
        "by_cycle": {k: _with_earlier(v) for k, v in sorted(data.by_cycle.items())},
        "by_theme": {
            k: _with_earlier(v)
            for k, v in sorted(data.by_theme.items())
            if k != UNTHEMED
        },
        "uncovered": list(data.uncovered.values_list("pk", flat=True)),
        "covered_in_earlier_cycle_ids": sorted(data.covered_earlier),
    }


def global_dict() -> dict[str, Any]:
    data = global_coverage()
    return {
        **_t(data.total),
        "by_group": {k: _t(v) for k, v in sorted(data.by_group.items())},
        "by_theme": {
            k: _t(v) for k, v in sorted(data.by_theme.items()) if k != UNTHEMED
        },
        "by_group_and_theme": [
            {"group": g, "theme": t, **_t(v)}
            for (g, t), v in sorted(data.cells.items())
            if t != UNTHEMED
        ],
        "by_state": {k: _t(v) for k, v in sorted(data.by_state.items())},
    }


def csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    # recommendation texts come from outside: protect those starting a formula
    writer.writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
    return buffer.getvalue()


def global_csv() -> str:
    data = global_dict()
    return csv_text(
        data["by_group_and_theme"],
        ["group", "theme", "accepted", "covered", "uncovered", "share"],
    )


def state_csv(country: Country) -> str:
    """Every accepted recommendation of the State, marked covered or not."""
    recs = accepted().filter(state_under_review=country).prefetch_related("themes")
    covered = covered_ids(recs)
    earlier = covered_earlier_ids(recs, covered)
    rows = [
        {
            "recommendation": r.pk,
            "cycle": r.cycle,
            "paragraph": r.paragraph,
            "covered": "yes" if r.pk in covered else "no",
            "themes": "|".join(t.slug for t in r.themes.all()),
            "text": r.text,
            "covered_in_earlier_cycle": "yes" if r.pk in earlier else "no",
        }
        for r in recs.order_by("-cycle", "pk")
    ]
    # the new column comes last: scripts reading columns by position still work
    return csv_text(
        rows,
        [
            "recommendation",
            "cycle",
            "paragraph",
            "covered",
            "themes",
            "text",
            "covered_in_earlier_cycle",
        ],
    )
