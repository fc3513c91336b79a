"""Pure scoring of continuity across cycles: no database, no model."""

from uprtc.linking import continuity_rank as cr


def pair(meaning=0.8, wording=0.0, themes=0.0, **kw):
    return cr.Pair(meaning=meaning, wording=wording, themes=themes, **kw)


def test_the_same_request_reworded_is_proposed_with_its_reasons():
    same = pair(0.95, wording=0.8, themes=1.0, shared_themes=("trafficking",))
    chosen = cr.choose({7: same, 8: pair(0.80)})
    assert [p.earlier for p in chosen] == [7]
    codes = [r["code"] for r in chosen[0].reasons]
    assert codes == ["wording", "meaning", "themes"]
    assert chosen[0].reasons[0] == {"code": "wording", "percent": 80}


def test_an_unrelated_recommendation_of_the_same_state_is_not_proposed():
    # same-State recommendations share vocabulary: a cosine of 0.84 is typical
    assert cr.choose({1: pair(0.84, wording=0.1), 2: pair(0.82)}) == []


def test_at_most_three_are_kept_and_only_those_close_to_the_best():
    candidates = {i: pair(0.95, wording=0.9 - i / 100) for i in range(1, 6)}
    candidates[9] = pair(0.93, wording=0.1)  # above the threshold, far from best
    assert cr.THRESHOLD < cr.score(candidates[9]) < cr.score(candidates[3]) - cr.MARGIN
    chosen = cr.choose(candidates)
    assert [p.earlier for p in chosen] == [1, 2, 3]
    assert all(p.score >= chosen[0].score - cr.MARGIN for p in chosen)


def test_ties_are_broken_by_the_earlier_id_so_proposals_are_stable():
    same = pair(0.95, wording=0.6)
    assert [p.earlier for p in cr.choose({5: same, 3: same})] == [3, 5]


def test_instruments_are_recognised_by_their_written_names():
    text = "Ratify the Optional Protocol to the Convention against Torture"
    assert cr.instruments(text) == {"OP-CAT"}
    assert cr.instruments("Consider ratifying ICRMW") == {"ICRMW"}
    assert "Statelessness conventions" in cr.instruments(
        "Accede to the 1961 Convention on the Reduction of Statelessness"
    )
    assert cr.instruments("Continue efforts to promote gender equality") == set()


def test_a_shared_instrument_lifts_the_score_and_is_said_first():
    plain = pair(0.88, wording=0.3)
    both = pair(0.88, wording=0.3, instruments=("OP-CAT",))
    assert cr.score(both) == round(cr.score(plain) + cr.INSTRUMENT_BONUS, 4)
    assert cr.reasons(both)[0] == {"code": "instruments", "names": ["OP-CAT"]}


def test_meaning_is_rescaled_between_floor_and_ceiling():
    assert cr.meaning(cr.MEANING_FLOOR - 0.1) == 0.0
    assert cr.meaning(1.0) == 1.0
    middle = (cr.MEANING_FLOOR + cr.MEANING_CEILING) / 2
    assert abs(cr.meaning(middle) - 0.5) < 1e-9


def test_wording_weighs_rare_words_more():
    docs = [{"ratify", "statelessness"}, {"ratify", "torture"}, {"ratify", "roma"}]
    weights = cr.idf(docs)
    rare = cr.weighted_dice({"statelessness", "ensure"}, docs[0], weights)
    common = cr.weighted_dice({"ratify", "ensure"}, docs[0], weights)
    assert rare > common > 0
    assert cr.weighted_dice(set(), set(), weights) == 0.0
    assert cr.jaccard(["a", "b"], ["b", "c"]) == 1 / 3
