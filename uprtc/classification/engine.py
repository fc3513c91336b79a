"""Classifiers as plain objects over texts and labels (no ORM).

* ``Supervised``: word and character TF-IDF with one linear SVM per label.
  The decision threshold is tuned on the most recent tenth of the training
  rows (rows come in time order: never a random split, texts recur), and
  decision values are calibrated into confidences by Platt scaling fitted on
  that same held-out part.
* ``ZeroShot``: the cosine between a text and each label's own wording in
  the six languages (multilingual embeddings); needs no training data.
* ``combine``: both, the supervised side weighing more as labelled data grows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

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

    def _features(self, texts: Sequence[str], fit: bool = False):  # type: ignore[no-untyped-def]
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

    def _fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]):  # type: ignore[no-untyped-def]
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

    def _decision(self, model, keep, texts: Sequence[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
        full = np.full((len(texts), len(self.labels)), -10.0)
        values = model.decision_function(self._features(texts))
        full[:, np.flatnonzero(keep)] = values.reshape(len(texts), -1)
        return full

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated confidences in [0, 1], one column per label."""
        decision = self._decision(self.model, self.keep, texts) - self.threshold
        a, b = self.platt
        return _sigmoid(a * decision + b)


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
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression().fit(decision.reshape(-1, 1), truth.reshape(-1))
    return float(model.coef_[0][0]), float(model.intercept_[0])


class ZeroShot:
    """Labels described by their own texts (in any of the six languages)."""

    def __init__(
        self,
        descriptions: dict[str, list[str]],
        embed: Callable[[Sequence[str]], np.ndarray],
    ) -> None:
        self.labels = sorted(descriptions)
        self.embed = embed
        owners, texts = [], []
        for i, label in enumerate(self.labels):
            for text in descriptions[label]:
                owners.append(i)
                texts.append(text)
        self.owners = np.array(owners)
        self.vectors = embed(texts)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        sims = self.embed(list(texts)) @ self.vectors.T
        out = np.full((len(texts), len(self.labels)), -1.0)
        for i in range(len(self.labels)):
            out[:, i] = sims[:, self.owners == i].max(axis=1)
        # cosine of text vs label wording: ~0.1 unrelated, ~0.4 clearly on topic
        return _sigmoid((out - 0.32) * 12)


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
