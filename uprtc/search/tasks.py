from __future__ import annotations

from typing import Any

from uprtc.core.tasks import task
from uprtc.embeddings import store
from uprtc.search import vectorfile


@task("search.vector_file")
def vector_file(force: bool = False, wait: bool = True) -> dict[str, Any]:
    """Rebuild this machine's vector files (the search index's, and the
    stored vectors' that linking reads) if enough changed since they were
    written; idempotent (nothing changed: nothing written). Without ``wait``,
    nothing when another process of the machine builds the index's file."""
    built = vectorfile.refresh(force=force, wait=wait)
    return {**built, "stored": store.refresh_files()}
