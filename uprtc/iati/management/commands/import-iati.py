"""Import an IATI activity file: activities become drafts (or update the activity with
the same iati-identifier); each rejected one is listed with its reason. Lenient by
default: schema errors in parts uprtc does not read become warnings, regional and global
activities wait for a moderator to name their States; --strict rejects both. The file is
streamed. The last line is {"read", "imported", "updated", "rejected", "unchanged",
"imported_with_warnings", "needs_states", …} as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from uprtc.iati.services import Options, import_iati
from uprtc.iati.xml import IatiFileError


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="reject any activity with a schema error or no recipient country",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar on stderr"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        # on a terminal only (tqdm's disable=None), never in the JSON output
        bar = tqdm(
            unit="activity",
            file=sys.stderr,
            disable=True if opts["no_progress"] else None,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            report = import_iati(
                path,
                actor="command:import-iati",
                file_name=path.name,
                options=Options(strict=opts["strict"], progress=progress),
            )
        except IatiFileError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from exc
        finally:
            bar.close()
        for line in report.rejected:
            self.stdout.write(f"rejected: {line}")
        for line in report.warnings:
            self.stdout.write(f"warning: {line}")
        self.stdout.write(json.dumps(report.counts()))
