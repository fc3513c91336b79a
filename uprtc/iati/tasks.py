from __future__ import annotations

from pathlib import Path

from uprtc.core.tasks import task
from uprtc.iati.harvest import harvest_all
from uprtc.iati.services import import_iati


@task("iati.import_file")
def import_file(path: str) -> dict[str, int]:
    """An activity with the same identifier is updated, not duplicated, so a
    repeated run is harmless."""
    file = Path(path)
    report = import_iati(file, actor="task", file_name=file.name)
    return report.counts()


@task("iati.harvest")
def harvest() -> int:
    """Every enabled source (Celery beat). Harmless twice: a second run gets
    "not modified" or finds the activities unchanged."""
    return len(harvest_all())
