"""The linking service's scoring, without a database or a model."""

import numpy as np

from uprtc.linking import rank


def test_a_long_text_is_judged_by_its_sentence_closest_to_each_candidate():
    sentence_sims = np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.3]])
    whole = np.array([0.5, 0.5, 0.4])
    pooled, best = rank.pool(sentence_sims, whole)
    assert list(best) == [0, 1, 0]
    assert pooled[0] > pooled[2] and pooled[1] > pooled[2]


def test_a_short_text_has_only_its_whole_similarity():
    pooled, best = rank.pool(np.zeros((2, 0)), np.array([0.3, 0.6]))
    assert list(pooled) == [0.3, 0.6] and list(best) == [-1, -1]


def test_shared_rare_words_weigh_more_than_shared_common_ones():
    docs = [{"ratify", "convention", "torture"}, {"ratify", "convention", "water"}]
    docs += [{"ratify", "convention"}] * 8
    weights = rank.idf(docs)
    assert rank.lexical({"torture"}, docs[0], weights) > rank.lexical(
        {"ratify"}, docs[0], weights
    )
    assert rank.lexical({"unrelated"}, docs[0], weights) == 0.0
    assert rank.lexical({"torture"}, set(), weights) == 0.0


def test_short_and_function_words_are_not_terms():
    assert rank.terms(["the", "ratify", "their", "2019", "torture"]) == {
        "ratify",
        "torture",
    }


def test_agreement_is_the_mean_confidence_of_the_recommendations_labels():
    predicted = {"torture": 0.9, "water": 0.1}
    assert rank.agreement(predicted, ["torture", "water"]) == 0.5
    assert rank.agreement(predicted, []) == 0.0
    assert rank.agreement({}, ["torture"]) == 0.0


def test_meaning_leads_and_wording_and_themes_break_near_ties():
    dense = np.array([0.80, 0.79, 0.60])
    lexical = np.array([0.0, 0.6, 0.9])
    agreement = np.array([0.0, 0.5, 0.9])
    ranked = rank.ranked(dense, lexical, agreement, np.array([0, 1, -1]), limit=3)
    assert [s.index for s in ranked] == [1, 0, 2]
    assert ranked[0].sentence == 1 and 0 <= ranked[-1].score <= 1


def test_the_limit_is_respected_and_equal_candidates_keep_their_order():
    ranked = rank.ranked(np.ones(5), np.zeros(5), np.zeros(5), np.full(5, -1), limit=2)
    assert [s.index for s in ranked] == [0, 1]
