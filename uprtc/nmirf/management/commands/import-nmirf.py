"""Import a State's implementation plan (CSV or XLSX in the layout of
/api/v1/export/nmirf/ISO3.csv) as that user. The last line is a JSON summary. Importing
the same file again changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.actors.models import User
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.nmirf.services import import_implementation_plan


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--state", required=True, help="ISO 3166 alpha-3 code")
        parser.add_argument(
            "--user", required=True, help="e-mail of the focal point or moderator"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        country = Country.objects.filter(iso3=opts["state"].upper()).first()
        if country is None:
            raise CommandError(f"{opts['state']}: no such State")
        user = User.objects.filter(email__iexact=opts["user"]).first()
        if user is None:
            raise CommandError(f"{opts['user']}: no such user")
        try:
            with path.open("rb") as file:
                report = import_implementation_plan(user, country, file)
        except DomainError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        for line in report.skipped:
            self.stdout.write(f"  skipped: {line}")
        if report.ignored_columns:
            ignored = ", ".join(report.ignored_columns)
            self.stdout.write(f"  ignored columns: {ignored}")
        summary = report.as_dict()
        del summary["skipped_rows"]
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
