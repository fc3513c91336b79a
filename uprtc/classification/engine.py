"""Classifiers as plain objects over texts and labels (no ORM).

* ``Supervised``: word and character TF-IDF with one linear SVM per label.
  The decision threshold is tuned on the most recent tenth of the training
  rows (rows come in time order: never a random split, texts recur), and
  decision values are calibrated into confidences by Platt scaling fitted on
  that same held-out part.
* ``ZeroShot``: the best cosine between a text and each label's wording and
  its children's in the six languages (multilingual embeddings), less a
  per-label offset (``calibration``); needs no training data.
* ``Neighbours``: labels of the most similar labelled texts (embeddings).
* ``Derived``: one vocabulary's scores through a table learnt from rows
  labelled in both (SDG goals from UHRI themes).
* ``combine``: zero-shot and TF-IDF, the supervised side weighing more as
  labelled data grows (custom taxonomies); built-in ones ``average`` all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Suggestion = tuple[str, float]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Supervised:
    def __init__(self, c: float = 0.3) -> None:
        self.c = c
        self.labels: list[str] = []
        self.threshold = 0.0
        self.platt = (1.0, 0.0)

    # scikit-learn and scipy are untyped: their models and matrices are Any
    def _features(self, texts: Sequence[str], fit: bool = False) -> Any:
        # scikit-learn and scipy take seconds to import: loaded at the first model
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer

        if fit:
            self.words = TfidfVectorizer(
                sublinear_tf=True, ngram_range=(1, 2), min_df=2
            )
            self.chars = TfidfVectorizer(
                sublinear_tf=True,
                analyzer="char_wb",
                ngram_range=(2, 5),
                min_df=3,
                max_features=200_000,
            )
            return hstack(
                [self.words.fit_transform(texts), self.chars.fit_transform(texts)]
            ).tocsr()
        return hstack(
            [self.words.transform(texts), self.chars.transform(texts)]
        ).tocsr()

    def _fit(
        self, texts: Sequence[str], labels: Sequence[Sequence[str]]
    ) -> tuple[Any, np.ndarray]:
        # scikit-learn and scipy take seconds to import: loaded at the first model
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer
        from sklearn.svm import LinearSVC

        binarizer = MultiLabelBinarizer(classes=self.labels)
        y = binarizer.fit_transform(labels)
        keep = y.sum(axis=0) > 0  # a label never seen cannot be learnt
        model = OneVsRestClassifier(LinearSVC(C=self.c), n_jobs=1)
        x = self._features(texts, fit=True)
        model.fit(x, y[:, keep])
        return model, keep

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> Supervised:
        self.labels = sorted({label for row in labels for label in row})
        if len(texts) >= 200:
            cut = int(len(texts) * 0.9)
            model, keep = self._fit(texts[:cut], labels[:cut])
            decision = self._decision(model, keep, texts[cut:])
            truth = self._truth(labels[cut:])
            self.threshold = best_threshold(decision, truth)
            self.platt = platt(decision - self.threshold, truth)
        self.model, self.keep = self._fit(texts, labels)
        return self

    def _truth(self, labels: Sequence[Sequence[str]]) -> np.ndarray:
        index = {label: i for i, label in enumerate(self.labels)}
        y = np.zeros((len(labels), len(self.labels)), dtype=bool)
        for r, row in enumerate(labels):
            for label in row:
                y[r, index[label]] = True
        return y

    def _decision(
        self, model: Any, keep: np.ndarray, texts: Sequence[str]
    ) -> np.ndarray:
        full = np.full((len(texts), len(self.labels)), -10.0)
        features = self._features(texts)
        linear = _stacked(model)
        if linear is None:
            values = model.decision_function(features)
        else:  # the same numbers as one sparse product, not 150 sklearn calls
            weights, intercepts = linear
            values = np.asarray(features @ weights) + intercepts
        full[:, np.flatnonzero(keep)] = values.reshape(len(texts), -1)
        return full

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated confidences in [0, 1], one column per label."""
        decision = self._decision(self.model, self.keep, texts) - self.threshold
        a, b = self.platt
        return _sigmoid(a * decision + b)


def _stacked(model: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The one-vs-rest linear models as one weight matrix and intercepts
    (None when one of them is not linear, e.g. a label always present),
    computed once and kept on the model."""
    if not hasattr(model, "uprtc_stacked"):
        estimators = getattr(model, "estimators_", [])
        stacked = None
        if estimators and all(hasattr(e, "coef_") for e in estimators):
            weights = np.vstack([e.coef_.reshape(-1) for e in estimators]).T
            intercepts = np.array([float(e.intercept_[0]) for e in estimators])
            stacked = (weights, intercepts)
        model.uprtc_stacked = stacked
    return model.uprtc_stacked


def best_threshold(decision: np.ndarray, truth: np.ndarray) -> float:
    """The decision threshold with the best micro-F1 on held-out rows."""
    best, best_f1 = 0.0, -1.0
    for t in np.arange(-1.0, 0.51, 0.05):
        pred = decision >= t
        tp = (pred & truth).sum()
        f1 = 2 * tp / (pred.sum() + truth.sum()) if pred.sum() + truth.sum() else 0.0
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def platt(decision: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Sigmoid parameters mapping decision values to probabilities."""
    # scikit-learn and scipy take seconds to import: loaded at the first model
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit(decision.reshape(-1, 1), truth.reshape(-1))
    return float(model.coef_[0][0]), float(model.intercept_[0])


class ZeroShot:
    """Labels described by their own texts and their children's (an SDG goal
    by its title, short name and every target; a UHRI theme by its names and
    older-generation names), in any of the six languages. A text's score for
    a label is its best cosine with any of those descriptions.

    ``vectors`` (one row per description, in ``descriptions`` order) may be
    given, so a process embeds a label set once and a suggestion costs one
    text embedding."""

    def __init__(
        self,
        descriptions: dict[str, list[str]],
        embed: Callable[[Sequence[str]], np.ndarray],
        vectors: np.ndarray | None = None,
    ) -> None:
        self.labels = sorted(x for x in descriptions if descriptions[x])
        self.embed = embed
        owners, texts = [], []
        for i, label in enumerate(self.labels):
            for text in descriptions[label]:
                owners.append(i)
                texts.append(text)
        self.owners = np.array(owners, dtype=int)
        self.texts = texts
        self.vectors = embed(texts) if vectors is None else vectors
        # rows of each label, for the maximum over its descriptions
        order = np.argsort(self.owners, kind="stable")
        self._order = order
        self._starts = np.searchsorted(self.owners[order], np.arange(len(self.labels)))

    def similarities(self, text_vectors: np.ndarray) -> np.ndarray:
        """Best cosine of each text with each label's descriptions."""
        sims = text_vectors @ self.vectors[self._order].T
        if not len(self.owners):
            return np.full((len(text_vectors), len(self.labels)), -1.0)
        return np.maximum.reduceat(sims, self._starts, axis=1)

    def scores(
        self, texts: Sequence[str], offsets: np.ndarray | None = None
    ) -> np.ndarray:
        return confidence(self.similarities(self.embed(list(texts))), offsets)


def confidence(similarities: np.ndarray, offsets: np.ndarray | None) -> np.ndarray:
    """Cosines as confidences in [0, 1]. ``offsets`` (one per label,
    ``calibration``) first take away how similar a label is to every text."""
    if offsets is not None:
        similarities = similarities - offsets
    # cosine of a text vs label wording: ~0.1 unrelated, ~0.4 clearly on topic
    return _sigmoid((similarities - 0.32) * 12)


def calibration(similarities: np.ndarray) -> np.ndarray:
    """Per-label offsets from a reference sample of texts (the labelled
    texts of a training): each label's mean similarity less the mean over
    all labels, so labels with generically high similarity stop dominating
    and rare-but-distinctive ones come forward."""
    means = similarities.mean(axis=0)
    return means - means.mean()


class Neighbours:
    """Labels of the most similar labelled texts (cosine of embeddings),
    weighted by similarity to the power ``power``: learns from a few hundred
    texts, costs one matrix product."""

    def __init__(
        self,
        vectors: np.ndarray,
        labels: Sequence[Sequence[str]],
        model: str,
        k: int = 10,
        power: float = 3.0,
    ) -> None:
        self.labels = sorted({label for row in labels for label in row})
        index = {label: i for i, label in enumerate(self.labels)}
        self.y = np.zeros((len(labels), len(self.labels)), dtype=np.float32)
        for r, row in enumerate(labels):
            for label in row:
                self.y[r, index[label]] = 1.0
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.model = model
        self.k = k
        self.power = power

    def scores(self, text_vectors: np.ndarray) -> np.ndarray:
        sims = text_vectors @ self.vectors.T
        k = min(self.k, sims.shape[1])
        near = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        weights = np.maximum(np.take_along_axis(sims, near, axis=1), 0) ** self.power
        votes = np.einsum("nk,nkl->nl", weights, self.y[near])
        total = weights.sum(axis=1, keepdims=True)
        return votes / np.where(total == 0, 1, total)


@dataclass
class Derived:
    """A table P(target label | source label) learnt from rows labelled in
    both vocabularies (UHRI themes and SDG goals in OHCHR's thematic lists):
    a text's target scores are the table averaged over its source scores."""

    sources: list[str]
    targets: list[str]
    table: np.ndarray

    def scores(self, source_scores: np.ndarray, source_labels: list[str]) -> np.ndarray:
        index = {label: i for i, label in enumerate(source_labels)}
        cols = [index.get(label, -1) for label in self.sources]
        weights = np.zeros((len(source_scores), len(self.sources)))
        for j, c in enumerate(cols):
            if c >= 0:
                weights[:, j] = source_scores[:, c]
        total = weights.sum(axis=1, keepdims=True)
        return (weights / np.where(total == 0, 1, total)) @ self.table


def derived_table(
    sources: Sequence[Sequence[str]],
    targets: Sequence[Sequence[str]],
    smoothing: float = 1.0,
) -> Derived:
    """P(target | source) from rows carrying both, smoothed towards the
    targets' overall frequency (a source seen once says little)."""
    rows = [(s, t) for s, t in zip(sources, targets, strict=True) if s and t]
    source_labels = sorted({x for s, _ in rows for x in s})
    target_labels = sorted({x for _, t in rows for x in t})
    si = {x: i for i, x in enumerate(source_labels)}
    ti = {x: i for i, x in enumerate(target_labels)}
    xs = np.zeros((len(rows), len(source_labels)))
    ys = np.zeros((len(rows), len(target_labels)))
    for r, (s, t) in enumerate(rows):
        xs[r, [si[x] for x in s]] = 1
        ys[r, [ti[x] for x in t]] = 1
    prior = (ys.sum(axis=0) + 1) / (len(rows) + len(target_labels))
    table = (xs.T @ ys + smoothing * prior) / (xs.sum(axis=0)[:, None] + smoothing)
    return Derived(source_labels, target_labels, table)


@dataclass
class Trained:
    """What one training stores: the TF-IDF model, and for built-in
    taxonomies the labelled texts' embeddings (neighbours) and the zero-shot
    calibration measured on them."""

    supervised: Supervised
    neighbours: Neighbours | None = None
    offsets: dict[str, float] | None = None

    @property
    def labels(self) -> list[str]:
        return self.supervised.labels


def average(parts: Sequence[np.ndarray]) -> np.ndarray:
    return sum(parts[1:], parts[0]) / len(parts)


def predict(
    labels: list[str], values: np.ndarray, cap: int, threshold: float = 0.0
) -> list[list[str]]:
    """Label sets: the best label always, then the next ones at or above
    ``threshold``, at most ``cap``."""
    out = []
    for row in values:
        order = np.argsort(-row)[:cap]
        chosen = [labels[i] for i in order if row[i] >= threshold]
        out.append(chosen or [labels[order[0]]])
    return out


def combine(
    supervised: np.ndarray | None, zero: np.ndarray | None, n_labelled: int
) -> np.ndarray:
    if supervised is None:
        assert zero is not None
        return zero
    if zero is None:
        return supervised
    weight = n_labelled / (n_labelled + 500)
    return weight * supervised + (1 - weight) * zero


def top(
    labels: list[str], scores: np.ndarray, k: int = 10, minimum: float = 0.0
) -> list[list[Suggestion]]:
    out = []
    for row in scores:
        order = np.argsort(-row)[:k]
        out.append(
            [(labels[i], round(float(row[i]), 4)) for i in order if row[i] >= minimum]
        )
    return out


@dataclass
class Evaluation:
    precision: float
    recall: float
    micro_f1: float
    macro_f1: float
    recall_at_5: float
    n: int

    def as_dict(self) -> dict[str, float]:
        return {
            k: round(v, 4) if isinstance(v, float) else v
            for k, v in self.__dict__.items()
        }


def evaluate(
    truth: Sequence[Sequence[str]],
    predicted: Sequence[Sequence[str]],
    ranked: Sequence[Sequence[str]],
    labels: Sequence[str],
) -> Evaluation:
    """Micro and macro scores of predicted label sets; recall@5 of rankings."""
    tp = fp = fn = 0
    per_label: dict[str, list[int]] = {label: [0, 0, 0] for label in labels}
    hits5 = total5 = 0
    for want, got, rank in zip(truth, predicted, ranked, strict=True):
        want_set, got_set = set(want), set(got)
        tp += len(want_set & got_set)
        fp += len(got_set - want_set)
        fn += len(want_set - got_set)
        for label in want_set | got_set:
            if label in per_label:
                per_label[label][0] += label in want_set and label in got_set
                per_label[label][1] += label in got_set and label not in want_set
                per_label[label][2] += label in want_set and label not in got_set
        hits5 += len(want_set & set(rank[:5]))
        total5 += len(want_set)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    f1s = [2 * a / (2 * a + b + c) for a, b, c in per_label.values() if a + b + c]
    return Evaluation(
        precision,
        recall,
        micro,
        float(np.mean(f1s)) if f1s else 0.0,
        hits5 / total5 if total5 else 0.0,
        len(truth),
    )
