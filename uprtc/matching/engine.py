"""Matchmaking as pure functions over plain data (no ORM, no HTTP).

``rank`` scores every offer for one request at once with numpy: hard
constraints first (a shared working language, the State inside the offer's
area, overlapping dates, free capacity) — an offer that fails one is never
proposed — then the weighted features of ``weights.py``. ``explain`` turns a
score into its parts, in words. ``plan`` (plan.py) assigns across all open
requests and offers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from uprtc.matching.weights import DEFAULT, FEATURES, Weights


@dataclass(frozen=True)
class RequestData:
    id: int
    state: str  # ISO3 of the requesting State
    region: str = ""  # M49 region and sub-region codes of the State
    subregion: str = ""
    group: str = ""  # UN regional group
    priority: bool = False  # LDC or SIDS
    languages: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    sdgs: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()
    recommending_states: frozenset[str] = frozenset()  # of its recommendations
    start: dt.date | None = None
    end: dt.date | None = None
    needs_funding: bool = False
    vector: np.ndarray | None = None


@dataclass(frozen=True)
class OfferData:
    id: int
    provider_state: str = ""  # ISO3 when the provider is a State
    provider_country: str = ""
    provider_region: str = ""
    provider_group: str = ""
    languages: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # none: anywhere
    regions: frozenset[str] = frozenset()  # M49 region or sub-region codes
    capacity: int = 1
    engaged: int = 0
    themes: frozenset[str] = frozenset()
    sdgs: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    funding: bool = False
    vector: np.ndarray | None = None
    # the provider's published activities: themes, countries, regions
    record_themes: frozenset[str] = frozenset()
    record_countries: frozenset[str] = frozenset()
    record_regions: frozenset[str] = frozenset()


SOUTH = {"african", "asia-pacific", "latin-american-caribbean"}


@dataclass
class Ranked:
    offer_ids: np.ndarray  # feasible offers, best first
    scores: np.ndarray
    features: np.ndarray  # (n, len(FEATURES)) values in [0, 1]


@dataclass(frozen=True)
class Contribution:
    feature: str
    value: float
    weight: float
    contribution: float


@dataclass
class Explanation:
    score: float
    parts: list[Contribution] = field(default_factory=list)


def feasible(request: RequestData, offer: OfferData) -> bool:
    """The hard constraints; a match that fails one is never proposed."""
    if not request.languages & offer.languages:
        return False
    if (offer.countries or offer.regions) and not (
        request.state in offer.countries
        or request.region in offer.regions
        or request.subregion in offer.regions
    ):
        return False
    if offer.engaged >= offer.capacity:
        return False
    return _overlap(request.start, request.end, offer.valid_from, offer.valid_to)


def _overlap(
    a_start: dt.date | None,
    a_end: dt.date | None,
    b_start: dt.date | None,
    b_end: dt.date | None,
) -> bool:
    if a_start and b_end and a_start > b_end:
        return False
    return not (b_start and a_end and b_start > a_end)


def _share(wanted: frozenset[str], offered: frozenset[str]) -> float:
    """Share of what is wanted that is offered; neutral when nothing is wanted."""
    if not wanted:
        return 0.5
    return len(wanted & offered) / len(wanted)


def feature_values(
    request: RequestData,
    offer: OfferData,
    similarity: float,
    weights: Weights = DEFAULT,
) -> np.ndarray:
    span = weights.semantic_ceiling - weights.semantic_floor
    semantic = min(1.0, max(0.0, (similarity - weights.semantic_floor) / span))
    modality = (
        0.5
        if not request.modalities or not offer.modalities
        else float(bool(request.modalities & offer.modalities))
    )
    record = (
        0.4 * bool(request.themes & offer.record_themes)
        + 0.4 * (request.state in offer.record_countries)
        + 0.2 * (request.region in offer.record_regions)
    )
    affinity = (
        1.0
        if offer.provider_region and offer.provider_region == request.region
        else 0.7
        if request.group in SOUTH and offer.provider_group in SOUTH
        else 0.0
    )
    funding = 1.0 if not request.needs_funding else float(offer.funding)
    para7 = float(
        bool(offer.provider_state)
        and offer.provider_state in request.recommending_states
    )
    return np.array(
        [
            semantic,
            _share(request.themes, offer.themes),
            _share(request.sdgs, offer.sdgs),
            modality,
            para7,
            record,
            affinity,
            funding,
        ],
        dtype=np.float64,
    )


def weight_vector(weights: Weights = DEFAULT) -> np.ndarray:
    values = np.array([getattr(weights, f) for f in FEATURES], dtype=np.float64)
    return values / values.sum()


def similarities(request: RequestData, offers: list[OfferData]) -> np.ndarray:
    if request.vector is None or not offers:
        return np.zeros(len(offers))
    have = [i for i, o in enumerate(offers) if o.vector is not None]
    out = np.zeros(len(offers))
    if have:
        # `have` holds the offers whose vector is not None
        matrix = np.stack([offers[i].vector for i in have])  # type: ignore[misc]
        out[have] = matrix @ request.vector
    return out


def rank(
    request: RequestData,
    offers: list[OfferData],
    weights: Weights = DEFAULT,
    sims: np.ndarray | None = None,
) -> Ranked:
    """Feasible offers for one request, best first."""
    sims = similarities(request, offers) if sims is None else sims
    keep = [i for i, o in enumerate(offers) if feasible(request, o)]
    if not keep:
        empty = np.zeros(0)
        return Ranked(empty.astype(np.int64), empty, np.zeros((0, len(FEATURES))))
    values = np.stack(
        [feature_values(request, offers[i], float(sims[i]), weights) for i in keep]
    )
    scores = values @ weight_vector(weights)
    order = np.argsort(-scores, kind="stable")
    ids = np.array([offers[i].id for i in keep], dtype=np.int64)
    return Ranked(ids[order], scores[order], values[order])


def explain(values: np.ndarray, weights: Weights = DEFAULT) -> Explanation:
    """Each feature's share of the score; the shares add up to the score."""
    w = weight_vector(weights)
    parts = [
        Contribution(f, float(v), float(wi), float(v * wi))
        for f, v, wi in zip(FEATURES, values, w, strict=True)
    ]
    return Explanation(float(values @ w), parts)
