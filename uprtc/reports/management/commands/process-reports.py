"""Build the queued annual reports (the background worker of reports)."""

from __future__ import annotations

from typing import Any

from uprtc.core.polling import PollingCommand
from uprtc.reports.services import process_report_runs


class Command(PollingCommand):
    help = __doc__

    def work(self, **opts: Any) -> str:
        done = process_report_runs()
        return f"built {done} report(s)" if done else ""
