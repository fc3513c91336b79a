"""The shape every background worker command shares: one round of work, and
with ``--loop`` the next round every ``--interval`` seconds (for deployments
without Celery, or a worker of its own)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class PollingCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep polling")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="seconds between rounds"
        )

    def work(self, **opts: Any) -> str:
        """One round; returns what it did in a line, or "" when there was nothing."""
        raise NotImplementedError

    def handle(self, *args: Any, **opts: Any) -> None:
        while True:
            if said := self.work(**opts):
                self.stdout.write(said)
            if not opts["loop"]:
                return
            time.sleep(opts["interval"])
