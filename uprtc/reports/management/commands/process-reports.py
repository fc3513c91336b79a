from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from uprtc.reports.services import process_report_runs


class Command(BaseCommand):
    help = "Build the queued annual reports (the background worker of reports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep polling")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args: Any, **opts: Any) -> None:
        while True:
            done = process_report_runs()
            if done:
                self.stdout.write(f"built {done} report(s)")
            if not opts["loop"]:
                return
            time.sleep(opts["interval"])
