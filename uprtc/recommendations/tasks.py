from __future__ import annotations

from pathlib import Path

from uprtc.core.tasks import task
from uprtc.recommendations.continuity import propose_continuity as propose
from uprtc.recommendations.importers import FORMATS
from uprtc.recommendations.services import ids_to_index, import_recommendations
from uprtc.search.documents import RECOMMENDATION
from uprtc.search.index import sync


@task("recommendations.import_file")
def import_file(path: str, format: str) -> dict[str, int]:
    """A file on storage every worker reads; importing it again changes
    nothing, so a repeated run is harmless."""

    file = Path(path)
    summary = import_recommendations(
        FORMATS[format](file), source=format, actor="task", file_name=file.name
    )
    sync(RECOMMENDATION, ids_to_index(summary))
    return {"changed": len(summary.changed_ids)}


@task("recommendations.propose_continuity")
def propose_continuity(state: str, cycle: int) -> dict[str, int]:
    """After an import of a State's new cycle: propose the earlier
    recommendations each continues. Rerunning changes no decision."""

    return propose(state, cycle, actor="task").as_dict()
