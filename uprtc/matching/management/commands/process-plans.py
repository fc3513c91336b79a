"""Run the queued coordinated plans (the background worker of matchmaking)."""

from __future__ import annotations

from typing import Any

from uprtc.core.polling import PollingCommand
from uprtc.matching.services import process_plan_runs


class Command(PollingCommand):
    help = __doc__

    def work(self, **opts: Any) -> str:
        done = process_plan_runs()
        return f"ran {done} plan(s)" if done else ""
