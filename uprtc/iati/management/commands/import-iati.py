from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.iati.services import import_iati
from uprtc.iati.xml import IatiFileError


class Command(BaseCommand):
    help = (
        "Import an IATI activity file: valid activities become drafts (or update "
        "the activity with the same iati-identifier); each rejected one is listed "
        'with its reason. The last line is {"read", "imported", "updated", '
        '"rejected", "unchanged"} as JSON.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="FILE")

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = import_iati(
                path.read_bytes(), actor="command:import-iati", file_name=path.name
            )
        except IatiFileError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from exc
        for line in report.rejected:
            self.stdout.write(f"rejected: {line}")
        for line in report.warnings:
            self.stdout.write(f"warning: {line}")
        self.stdout.write(json.dumps(report.counts()))
