from __future__ import annotations

from uprtc.core.tasks import task
from uprtc.embeddings import store


@task("embeddings.refresh")
def refresh(model: str, kind: str, ids: list[int] | None = None) -> dict[str, int]:
    """Idempotent: records already embedded from the same text are skipped."""
    return store.refresh(model, kind, ids).as_dict()
