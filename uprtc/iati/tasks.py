from __future__ import annotations

from pathlib import Path

from uprtc.core.tasks import task


@task("iati.import_file")
def import_file(path: str) -> dict[str, int]:
    """An activity with the same identifier is updated, not duplicated, so a
    repeated run is harmless."""
    from uprtc.iati.services import import_iati

    file = Path(path)
    report = import_iati(file.read_bytes(), actor="task", file_name=file.name)
    return report.counts()
