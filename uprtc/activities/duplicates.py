"""Likely duplicates: the same activity submitted twice, e.g. by its provider
and by the State that benefited, possibly in different languages. Two
activities are candidates when they concern a same State and their texts are
close in the multilingual embedding space."""

from __future__ import annotations

import numpy as np

from uprtc import embeddings
from uprtc.activities.models import Activity

THRESHOLD = 0.7  # cosine similarity of title + description
LIMIT = 5


def text_of(activity: Activity) -> str:
    return f"{activity.title}\n{activity.description}"


def store_embedding(pk: int) -> None:
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None:
        return
    vector = embeddings.embed([text_of(activity)])[0]
    Activity.objects.filter(pk=pk).update(embedding=embeddings.to_bytes(vector))


def rank_similar(
    target: np.ndarray,
    candidates: list[tuple[int, np.ndarray]],
    threshold: float,
    limit: int,
) -> list[tuple[int, float]]:
    """Pure: (id, score) of the candidates at or above ``threshold``, best first."""
    if not candidates:
        return []
    ids = [c[0] for c in candidates]
    scores = np.stack([c[1] for c in candidates]) @ target
    order = np.argsort(-scores)
    return [(ids[i], float(scores[i])) for i in order[:limit] if scores[i] >= threshold]


def likely_duplicates(
    activity: Activity, threshold: float = THRESHOLD, limit: int = LIMIT
) -> list[tuple[Activity, float]]:
    vector = embeddings.from_bytes(activity.embedding)
    if vector is None:
        vector = embeddings.embed([text_of(activity)])[0]
    states = activity.consents.values("country")
    others = (
        Activity.objects.filter(consents__country__in=states, merged_into__isnull=True)
        .exclude(pk=activity.pk)
        .exclude(embedding__isnull=True)
        .distinct()
    )
    candidates = [
        (pk, embeddings.from_bytes(data))
        for pk, data in others.values_list("pk", "embedding")
    ]
    ranked = rank_similar(
        vector, [(p, v) for p, v in candidates if v is not None], threshold, limit
    )
    found = Activity.objects.in_bulk([pk for pk, _ in ranked])
    return [(found[pk], score) for pk, score in ranked]
