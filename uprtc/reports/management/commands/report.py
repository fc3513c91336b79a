"""Reports to the Human Rights Council: `report annual` writes the annual update;
`report state` drafts a State's report section on cooperation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.core import audit
from uprtc.core.errors import DomainError
from uprtc.reports.services import build_annual_report
from uprtc.reports.state import build_state_report


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        annual = sub.add_parser(
            "annual", help="the annual update on the repository (res. 54/28, para 14)"
        )
        annual.add_argument("--session", type=int, required=True)
        annual.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        annual.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        annual.add_argument(
            "--lang", default="en", help="en fr es ar zh-hans ru (zh is zh-hans)"
        )
        annual.add_argument("--format", default="docx,pdf,html")
        annual.add_argument("--out", default=".", help="folder, created if missing")
        state = sub.add_parser(
            "state",
            help="a State's report section on cooperation received and provided "
            "(res. 54/28, para 8)",
        )
        state.add_argument("--state", required=True, help="ISO 3166-1 alpha-3 code")
        state.add_argument("--cycle", type=int, required=True, help="UPR cycle")
        state.add_argument(
            "--lang", default="en", help="en fr es ar zh-hans ru (zh is zh-hans)"
        )
        state.add_argument("--format", default="docx,html")
        state.add_argument("--out", default=".", help="folder, created if missing")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["kind"] == "state":
            return self.state(opts)
        try:
            written = build_annual_report(
                opts["session"],
                date(opts["start"]),
                date(opts["end"]),
                opts["lang"],
                opts["format"],
                Path(opts["out"]),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        audit.record(
            "reports.annual.built",
            actor="command:report",
            data={
                "session": opts["session"],
                "from": opts["start"],
                "to": opts["end"],
                "lang": opts["lang"],
                "files": [p.name for p in written.values()],
            },
        )
        for path in written.values():
            self.stdout.write(str(path))

    def state(self, opts: dict[str, Any]) -> None:
        try:
            written = build_state_report(
                opts["state"],
                opts["cycle"],
                opts["lang"],
                opts["format"],
                Path(opts["out"]),
            )
        except DomainError as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from exc
        audit.record(
            "reports.state.built",
            actor="command:report",
            data={
                "state": opts["state"].upper(),
                "cycle": opts["cycle"],
                "lang": opts["lang"],
                "files": [p.name for p in written.values()],
            },
        )
        for path in written.values():
            self.stdout.write(str(path))
