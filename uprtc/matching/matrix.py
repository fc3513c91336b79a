"""The offers as arrays, so one request is scored against 10,000 offers with
a handful of numpy operations. ``engine.feasible`` and
``engine.feature_values`` are the reference definitions: tests check that
this module gives the same results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np

from uprtc.embeddings import DIMENSIONS
from uprtc.matching.engine import SOUTH, OfferData, Ranked, RequestData, weight_vector
from uprtc.matching.weights import DEFAULT, FEATURES, Weights

FAR_PAST, FAR_FUTURE = -(10**9), 10**9


def _day(value: dt.date | None, default: int) -> int:
    return value.toordinal() if value else default


class Vocabulary:
    def __init__(self, values: Iterable[frozenset[str]]) -> None:
        self.index = {v: i for i, v in enumerate(sorted(set().union(*values)))}

    def matrix(self, rows: list[frozenset[str]]) -> np.ndarray:
        out = np.zeros((len(rows), max(1, len(self.index))), dtype=bool)
        for r, values in enumerate(rows):
            for v in values:
                out[r, self.index[v]] = True
        return out

    def columns(self, values: frozenset[str]) -> list[int]:
        return [self.index[v] for v in values if v in self.index]


def _inverted(rows: list[frozenset[str]]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for r, values in enumerate(rows):
        for v in values:
            out.setdefault(v, np.zeros(len(rows), dtype=bool))[r] = True
    return out


class OfferMatrix:
    def __init__(self, offers: list[OfferData]) -> None:
        self.offers = offers
        n = len(offers)
        self.ids = np.array([o.id for o in offers], dtype=np.int64)
        self.vectors = np.zeros((n, DIMENSIONS), dtype=np.float32)
        self.has_vector = np.zeros(n, dtype=bool)
        for i, o in enumerate(offers):
            if o.vector is not None:
                self.vectors[i], self.has_vector[i] = o.vector, True
        self.languages = _inverted([o.languages for o in offers])
        self.anywhere = np.array([not (o.countries or o.regions) for o in offers], bool)
        self.countries = _inverted([o.countries for o in offers])
        self.regions = _inverted([o.regions for o in offers])
        self.free = np.array([o.engaged < o.capacity for o in offers], dtype=bool)
        self.valid_from = np.array([_day(o.valid_from, FAR_PAST) for o in offers])
        self.valid_to = np.array([_day(o.valid_to, FAR_FUTURE) for o in offers])
        self.theme_vocab = Vocabulary([o.themes | o.record_themes for o in offers])
        self.themes = self.theme_vocab.matrix([o.themes for o in offers])
        self.record_themes = self.theme_vocab.matrix([o.record_themes for o in offers])
        self.sdg_vocab = Vocabulary([o.sdgs for o in offers])
        self.sdgs = self.sdg_vocab.matrix([o.sdgs for o in offers])
        self.modality_vocab = Vocabulary([o.modalities for o in offers])
        self.modalities = self.modality_vocab.matrix([o.modalities for o in offers])
        self.no_modality = np.array([not o.modalities for o in offers], dtype=bool)
        self.record_countries = _inverted([o.record_countries for o in offers])
        self.record_regions = _inverted([o.record_regions for o in offers])
        self.provider_state = np.array([o.provider_state for o in offers], dtype=object)
        self.provider_region = np.array(
            [o.provider_region for o in offers], dtype=object
        )
        self.south = np.array([o.provider_group in SOUTH for o in offers], dtype=bool)
        self.funding = np.array([o.funding for o in offers], dtype=bool)

    def __len__(self) -> int:
        return len(self.ids)

    def _any(self, index: dict[str, np.ndarray], keys: Iterable[str]) -> np.ndarray:
        out = np.zeros(len(self), dtype=bool)
        for key in keys:
            if key in index:
                out |= index[key]
        return out

    def feasible(self, request: RequestData) -> np.ndarray:
        ok = self._any(self.languages, request.languages) & self.free
        ok &= (
            self.anywhere
            | self._any(self.countries, [request.state])
            | self._any(self.regions, [request.region, request.subregion])
        )
        if request.start:
            ok &= self.valid_to >= request.start.toordinal()
        if request.end:
            ok &= self.valid_from <= request.end.toordinal()
        return ok

    def _share(
        self,
        wanted: frozenset[str],
        vocab: Vocabulary,
        matrix: np.ndarray,
        rows: np.ndarray,
    ) -> np.ndarray:
        if not wanted:
            return np.full(len(rows), 0.5)
        cols = vocab.columns(wanted)
        if not cols:
            return np.zeros(len(rows))
        # numpy's stubs want ix_'s arguments all arrays or all lists
        return matrix[np.ix_(rows, cols)].sum(axis=1) / len(wanted)  # type: ignore[arg-type]

    def features(
        self, request: RequestData, rows: np.ndarray, weights: Weights = DEFAULT
    ) -> np.ndarray:
        sims = np.zeros(len(rows))
        if request.vector is not None:
            sims = np.where(
                self.has_vector[rows], self.vectors[rows] @ request.vector, 0.0
            )
        span = weights.semantic_ceiling - weights.semantic_floor
        semantic = np.clip((sims - weights.semantic_floor) / span, 0.0, 1.0)
        themes = self._share(request.themes, self.theme_vocab, self.themes, rows)
        sdgs = self._share(request.sdgs, self.sdg_vocab, self.sdgs, rows)
        if request.modalities:
            cols = self.modality_vocab.columns(request.modalities)
            hit = (
                self.modalities[np.ix_(rows, cols)].any(axis=1)  # type: ignore[arg-type]
                if cols
                else np.zeros(len(rows), dtype=bool)
            )
            modality = np.where(self.no_modality[rows], 0.5, hit.astype(float))
        else:
            modality = np.full(len(rows), 0.5)
        para7 = np.isin(
            self.provider_state[rows], list(request.recommending_states)
        ) & (self.provider_state[rows] != "")
        cols = self.theme_vocab.columns(request.themes)
        record = 0.4 * (
            self.record_themes[np.ix_(rows, cols)].any(axis=1)  # type: ignore[arg-type]
            if cols
            else np.zeros(len(rows), dtype=bool)
        )
        record = record + 0.4 * self._any(self.record_countries, [request.state])[rows]
        record = record + 0.2 * self._any(self.record_regions, [request.region])[rows]
        same_region = (self.provider_region[rows] == request.region) & (
            self.provider_region[rows] != ""
        )
        south = self.south[rows] & (request.group in SOUTH)
        affinity = np.where(same_region, 1.0, np.where(south, 0.7, 0.0))
        funding = (
            np.ones(len(rows))
            if not request.needs_funding
            else self.funding[rows].astype(float)
        )
        return np.column_stack(
            [
                semantic,
                themes,
                sdgs,
                modality,
                para7.astype(float),
                record,
                affinity,
                funding,
            ]
        )

    def rank(
        self, request: RequestData, weights: Weights = DEFAULT, limit: int | None = None
    ) -> Ranked:
        rows = np.flatnonzero(self.feasible(request))
        values = self.features(request, rows, weights)
        scores = values @ weight_vector(weights) if len(rows) else np.zeros(0)
        order = np.argsort(-scores, kind="stable")[:limit]
        return Ranked(
            self.ids[rows][order],
            scores[order],
            values[order] if len(rows) else np.zeros((0, len(FEATURES))),
        )
