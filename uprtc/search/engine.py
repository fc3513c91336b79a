"""Ranking as pure functions over arrays: no database, no model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Weights:
    """A short query against a long record scores a cosine of 0.3–0.4 when they
    mean the same thing and under 0.1 when they do not (multilingual USE), so a
    semantic match needs both an absolute floor and a level relative to the
    best match of the query."""

    threshold: float = 0.22
    relative: float = 0.7
    # how much a full-text match adds to the similarity (0..boost)
    boost: float = 0.25
    # short queries: embeddings of one or two words mean little, words decide
    short_threshold: float = 0.3
    short_relative: float = 0.85
    short_boost: float = 1.0


def fuse(
    similarity: np.ndarray,
    fulltext: set[int],
    candidates: np.ndarray,
    short: bool,
    weights: Weights = Weights(),
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the result and their scores, best first.

    ``similarity`` has one cosine per row; ``fulltext`` is the set of rows that
    contain every word; ``candidates`` is the boolean mask of rows allowed by
    filters and visibility. A row is in the result if it matches the words, or
    if its meaning is close enough; the score is the similarity plus a boost
    for a word match."""
    floor = weights.short_threshold if short else weights.threshold
    relative = weights.short_relative if short else weights.relative
    boost = weights.short_boost if short else weights.boost
    best = float(similarity[candidates].max()) if candidates.any() else 0.0
    threshold = max(floor, relative * best)
    text_score = np.zeros(len(similarity), dtype=np.float32)
    if fulltext:
        text_score[np.fromiter(fulltext, dtype=np.int64)] = 1.0
    selected = candidates & ((similarity >= threshold) | (text_score > 0))
    rows = np.flatnonzero(selected)
    scores = similarity[rows] + boost * text_score[rows]
    order = np.argsort(-scores, kind="stable")
    return rows[order], scores[order]


def recall_at_1(ranked_first: list[int], expected: list[int]) -> float:
    """Share of queries whose first result is the expected one."""
    hits = sum(
        1 for got, want in zip(ranked_first, expected, strict=True) if got == want
    )
    return hits / len(expected) if expected else 0.0
