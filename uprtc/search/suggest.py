"""Suggesting the recommendations an activity helps implement: the accepted
recommendations of its concerned States whose meaning is closest to its text,
whatever the language of either."""

from __future__ import annotations

import numpy as np

from uprtc import embeddings
from uprtc.recommendations.models import Response
from uprtc.search import memindex


def similar_recommendations(text: str, states: list[str], limit: int = 10) -> list[int]:
    if not text.strip() or not states:
        return []
    index = memindex.current()
    mask = index.mask(
        "recommendation", {"country": states, "response": [Response.SUPPORTED]}
    )
    rows = np.flatnonzero(mask)
    if not len(rows):
        return []
    scores = index.vectors[rows] @ embeddings.embed([text])[0]
    best = rows[np.argsort(-scores)[:limit]]
    return [int(index.object_ids[r]) for r in best]
