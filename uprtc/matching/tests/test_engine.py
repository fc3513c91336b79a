"""The engine, without a database: hard constraints, scores, explanations."""

import datetime as dt
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from uprtc.matching.engine import OfferData, RequestData, explain, feasible, rank
from uprtc.matching.matrix import OfferMatrix

LANGS = ["en", "fr", "es", "ar"]
STATES = ["SVN", "KEN", "BRA"]
REGION = {"SVN": "150", "KEN": "002", "BRA": "019"}
DAY = dt.date(2026, 1, 1)


def dates(draw):
    start = draw(st.none() | st.integers(-400, 400))
    length = draw(st.integers(0, 400))
    if start is None:
        return None, None
    return DAY + dt.timedelta(start), DAY + dt.timedelta(start + length)


@st.composite
def requests(draw):
    state = draw(st.sampled_from(STATES))
    start, end = dates(draw)
    return RequestData(
        id=draw(st.integers(1, 10**6)),
        state=state,
        region=REGION[state],
        languages=frozenset(draw(st.sets(st.sampled_from(LANGS), min_size=1))),
        themes=frozenset(draw(st.sets(st.sampled_from("abcd")))),
        recommending_states=frozenset(draw(st.sets(st.sampled_from(STATES + ["FRA"])))),
        start=start,
        end=end,
        needs_funding=draw(st.booleans()),
        vector=np.array([1.0, 0.0]),
    )


@st.composite
def offers(draw):
    start, end = dates(draw)
    capacity = draw(st.integers(1, 3))
    angle = draw(st.floats(0, np.pi))
    return OfferData(
        id=draw(st.integers(1, 10**6)),
        provider_state=draw(st.sampled_from(["", "FRA", "KEN"])),
        languages=frozenset(draw(st.sets(st.sampled_from(LANGS), min_size=1))),
        countries=frozenset(draw(st.sets(st.sampled_from(STATES)))),
        regions=frozenset(draw(st.sets(st.sampled_from(list(REGION.values()))))),
        capacity=capacity,
        engaged=draw(st.integers(0, capacity)),
        themes=frozenset(draw(st.sets(st.sampled_from("abcd")))),
        valid_from=start,
        valid_to=end,
        funding=draw(st.booleans()),
        vector=np.array([np.cos(angle), np.sin(angle)]),
    )


@settings(max_examples=300, deadline=None)
@given(requests(), st.lists(offers(), max_size=12))
def test_no_hard_constraint_is_ever_violated(request, offer_list):
    offer_list = [replace(o, id=i) for i, o in enumerate(offer_list)]
    ranked = rank(request, offer_list)
    by_id = {o.id: o for o in offer_list}
    for offer_id, score in zip(ranked.offer_ids, ranked.scores, strict=True):
        offer = by_id[int(offer_id)]
        assert request.languages & offer.languages
        if offer.countries or offer.regions:
            assert request.state in offer.countries or request.region in offer.regions
        assert offer.engaged < offer.capacity
        if request.start and offer.valid_to:
            assert request.start <= offer.valid_to
        if offer.valid_from and request.end:
            assert offer.valid_from <= request.end
        assert 0.0 <= score <= 1.0
    assert list(ranked.scores) == sorted(ranked.scores, reverse=True)


@settings(max_examples=200, deadline=None)
@given(requests(), st.lists(offers(), min_size=1, max_size=6))
def test_explanations_add_up_to_the_score(request, offer_list):
    ranked = rank(request, offer_list)
    for score, values in zip(ranked.scores, ranked.features, strict=True):
        explanation = explain(values)
        assert abs(sum(p.contribution for p in explanation.parts) - score) < 1e-9
        assert abs(explanation.score - score) < 1e-9


def test_the_recommending_state_gets_the_para_7_bonus():
    request = RequestData(
        id=1,
        state="SVN",
        region="150",
        languages=frozenset({"en"}),
        recommending_states=frozenset({"FRA"}),
    )
    same = dict(languages=frozenset({"en"}))
    france = OfferData(id=1, provider_state="FRA", **same)
    kenya = OfferData(id=2, provider_state="KEN", **same)
    ranked = rank(request, [kenya, france])
    assert list(ranked.offer_ids) == [1, 2]
    parts = {p.feature: p for p in explain(ranked.features[0]).parts}
    assert parts["recommending_state"].value == 1.0


def test_an_offer_outside_its_area_or_full_is_never_proposed():
    request = RequestData(id=1, state="SVN", region="150", languages=frozenset({"en"}))
    assert not feasible(
        request,
        OfferData(id=1, languages=frozenset({"en"}), countries=frozenset({"KEN"})),
    )
    assert feasible(
        request,
        OfferData(id=2, languages=frozenset({"en"}), regions=frozenset({"150"})),
    )
    assert not feasible(
        request, OfferData(id=3, languages=frozenset({"en"}), capacity=2, engaged=2)
    )
    assert not feasible(request, OfferData(id=4, languages=frozenset({"fr"})))


@settings(max_examples=200, deadline=None)
@given(requests(), st.lists(offers(), max_size=15))
def test_the_vectorised_ranking_equals_the_reference(request, offer_list):
    offer_list = [
        replace(o, id=i, vector=np.concatenate([o.vector, np.zeros(510)]))
        for i, o in enumerate(offer_list)
    ]
    request = replace(request, vector=np.concatenate([request.vector, np.zeros(510)]))
    reference = rank(request, offer_list)
    fast = OfferMatrix(offer_list).rank(request)
    assert sorted(fast.offer_ids.tolist()) == sorted(reference.offer_ids.tolist())
    by_id = dict(zip(reference.offer_ids.tolist(), reference.scores, strict=True))
    for offer_id, score in zip(fast.offer_ids.tolist(), fast.scores, strict=True):
        assert abs(by_id[offer_id] - score) < 1e-6  # float32 vectors
