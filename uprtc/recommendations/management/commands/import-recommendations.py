"""Import UPR recommendations from a file (upr-info CSV, OHCHR thematic list .docx, or
UHRI export .json/.xlsx). Re-importing the same file changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.recommendations.importers import FORMATS
from uprtc.recommendations.importers.base import ImportFormatError, ParsedFile
from uprtc.recommendations.services import (
    ImportSummary,
    ids_to_index,
    import_recommendations,
)
from uprtc.search.documents import RECOMMENDATION
from uprtc.search.index import sync

SHOWN = 20


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--all-notes",
            action="store_true",
            help="list every skipped row and warning",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        parse = FORMATS[opts["format"]]
        for path in opts["paths"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                parsed = parse(path)
                summary = self._import(parsed, opts["format"], path)
            except ImportFormatError as exc:
                raise CommandError(f"{path}: {exc}; nothing was imported") from exc
            # the search index follows, outside the import's transaction: a
            # recommendation is public from the moment it is imported
            indexed = sync(RECOMMENDATION, ids_to_index(summary))
            if indexed:
                self.stdout.write(f"  search index: {indexed} documents updated")
            self._report(path, summary, opts["all_notes"])

    def _import(self, parsed: ParsedFile, source: str, path: Path) -> ImportSummary:
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(
                total=len(parsed.records), desc=path.name, unit="rec", file=sys.stderr
            )
        try:
            return import_recommendations(
                parsed,
                source=source,
                actor="command:import-recommendations",
                file_name=path.name,
                progress=bar.update if bar else None,
            )
        finally:
            if bar:
                bar.close()

    def _report(self, path: Path, summary: ImportSummary, all_notes: bool) -> None:
        for title, items in (
            ("skipped", summary.skipped),
            ("warning", summary.warnings),
        ):
            shown = items if all_notes else items[:SHOWN]
            for item in shown:
                self.stdout.write(f"  {title}: {item}")
            if len(items) > len(shown):
                self.stdout.write(
                    f"  … and {len(items) - len(shown)} more {title} notes "
                    "(--all-notes)"
                )
        counts = summary.as_dict()
        self.stdout.write(
            f"{path.name}: read {counts['read']}, created {counts['created']}, "
            f"updated {counts['updated']}, unchanged {counts['unchanged']}, "
            f"skipped {counts['skipped']}, warnings {counts['warnings']}"
        )
