from __future__ import annotations

from uprtc.core.tasks import task
from uprtc.reports import services


@task("reports.process")
def process_reports() -> int:
    """Queued report builds; each run is claimed, so a repeat is harmless."""
    return services.process_report_runs()
