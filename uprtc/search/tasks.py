from __future__ import annotations

from typing import Any

from uprtc.core.tasks import task


@task("search.vector_file")
def vector_file(force: bool = False) -> dict[str, Any]:
    """Rebuild this machine's vector files (the search index's, and the
    stored vectors' that linking reads) if enough changed since they were
    written; idempotent (nothing changed: nothing written)."""
    from uprtc.embeddings import store
    from uprtc.search import vectorfile

    return {**vectorfile.refresh(force=force), "stored": store.refresh_files()}
