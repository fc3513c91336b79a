"""The classifier pieces without a database."""

import numpy as np

from uprtc.classification.engine import (
    Supervised,
    best_threshold,
    combine,
    evaluate,
    top,
)


def test_evaluation_arithmetic():
    result = evaluate(
        truth=[["a"], ["a", "b"]],
        predicted=[["a"], ["b", "c"]],
        ranked=[["a", "b"], ["b", "c", "a"]],
        labels=["a", "b", "c"],
    )
    # tp = 2 (a, b), fp = 1 (c), fn = 1 (a in the second)
    assert (result.precision, result.recall) == (2 / 3, 2 / 3)
    assert result.micro_f1 == 2 * 2 / (2 * 2 + 1 + 1)
    assert result.recall_at_5 == 1.0


def test_the_threshold_maximises_micro_f1():
    decision = np.array([[0.2, -0.8], [-0.6, 0.1]])
    truth = np.array([[True, False], [False, True]])
    assert best_threshold(decision, truth) > -0.6


def test_supervised_learns_and_confidences_are_probabilities():
    texts = [f"torture in prisons case {i}" for i in range(150)] + [
        f"girls education schools case {i}" for i in range(150)
    ]
    labels = [["torture"]] * 150 + [["education"]] * 150
    model = Supervised().fit(texts, labels)
    scores = model.scores(["prisons and torture", "schools for girls"])
    assert ((scores >= 0) & (scores <= 1)).all()
    best = [model.labels[i] for i in scores.argmax(axis=1)]
    assert best == ["torture", "education"]


def test_combination_trusts_labelled_data_as_it_grows():
    sup, zero = np.array([[1.0]]), np.array([[0.0]])
    assert combine(sup, zero, 0)[0, 0] == 0.0
    assert combine(sup, zero, 5000)[0, 0] > 0.9
    assert combine(None, zero, 0) is zero
    assert top(["a", "b"], np.array([[0.2, 0.9]]), k=1) == [[("b", 0.9)]]
