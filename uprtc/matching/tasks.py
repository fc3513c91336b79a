from __future__ import annotations

from uprtc.core.tasks import task
from uprtc.matching import services


@task("matching.process_plans")
def process_plans() -> int:
    """Queued coordinated plans; each run is claimed, so a repeat is harmless."""
    return services.process_plan_runs()
