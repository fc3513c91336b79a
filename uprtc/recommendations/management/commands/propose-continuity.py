"""Propose, for each recommendation of a State's UPR cycle, the earlier-cycle
recommendations it continues (for moderators and the State's focal point to confirm).
Idempotent: decided links are kept.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.core.errors import DomainError
from uprtc.recommendations.continuity import propose_continuity


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--state", required=True, help="ISO 3166 alpha-3 code")
        parser.add_argument("--cycle", required=True, type=int, help="the new cycle")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["cycle"] < 2:
            raise CommandError("--cycle: the first cycle continues nothing")
        try:
            summary = propose_continuity(
                opts["state"], opts["cycle"], actor="command:propose-continuity"
            )
        except DomainError as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from exc
        self.stdout.write(json.dumps(summary.as_dict()))
