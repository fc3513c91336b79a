"""Load the demo shipped with uprtc (see uprtc/demo/data/README.md). Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from uprtc.activities.models import Activity
from uprtc.classification.services import train_built_in
from uprtc.countries.reference import load_countries
from uprtc.demo.activities import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    MODERATOR,
    load_activities,
    load_slovenia,
)
from uprtc.demo.continuity import load_continuity
from uprtc.demo.matching import load_matching
from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.services import import_recommendations
from uprtc.search.index import rebuild
from uprtc.taxonomies.reference import load_taxonomies

DATA = Path(__file__).resolve().parents[2] / "data"
THEMATIC_LISTS = [
    "UPR20__Slovenia_ThematicListRecommendations_E.docx",
    "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="load at most this many IATI activities",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        self.stdout.write(f"reference data: countries {_counts(load_countries())}")
        self.stdout.write(f"reference data: vocabularies {_counts(load_taxonomies())}")
        for name in THEMATIC_LISTS:
            summary = import_recommendations(
                ohchr_docx.parse(DATA / name),
                source="ohchr-docx",
                actor="command:load-demo",
                file_name=name,
            )
            self.stdout.write(f"{name}: {summary.as_dict()}")
            for line in summary.skipped + summary.warnings:
                self.stdout.write(f"  {line}")

        # the shipped thematic lists carry OHCHR's themes and SDG goals: the
        # demo suggests from its first minute (a no-op when nothing is new)
        trained = train_built_in("command:load-demo")
        self.stdout.write(f"classifiers: {trained}")

        self.stdout.write(f"activities by stage: {load_activities(opts['limit'])}")
        self.stdout.write(f"activities about Slovenia: {load_slovenia()}")

        self.stdout.write(f"matchmaking: {load_matching()}")

        self.stdout.write(
            f"continuity across cycles (Slovenia 2 → 3, proposed, a few confirmed; "
            f"lineage on the example page): {load_continuity()}"
        )
        self.stdout.write(f"search index: {rebuild()}")

        # the figure the site shows, whatever was loaded before this run
        self.stdout.write(f"published activities: {Activity.objects.public().count()}")

        self.stdout.write(
            f"demo loaded: every demo account's password is {DEMO_PASSWORD}; "
            f"moderators and focal points also need a code from the "
            f"authenticator secret {DEMO_TOTP_SECRET}, or from "
            f"`uprtc demo-code {MODERATOR}` (DEBUG only)"
        )


def _counts(loaded: dict[str, int]) -> str:
    """A second run loads nothing new: say so rather than print zeros that
    read as a failure."""
    if not any(loaded.values()):
        return "already loaded"
    return str(loaded)
