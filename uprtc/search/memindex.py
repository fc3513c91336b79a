"""The in-memory part of the index: every document's embedding and facet
codes as numpy arrays, so semantic ranking, facet filters and facet counts
cost a few vector operations. The database stays the source of truth: each
query asks for the newest ``seq`` and loads only the documents changed since
(a withdrawn activity arrives as a hidden row), so every process sees a change
at its next query."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from uprtc.embeddings import DIMENSIONS, from_bytes
from uprtc.search.models import SearchDocument

# Above this many documents a query first scores every document on a 128-d
# projection (a quarter of the memory traffic), then rescores the best ones on
# the full vectors: the full product is bound by memory bandwidth.
COARSE_FROM = 50_000
COARSE_DIMENSIONS = 128
RESCORE = 2_000
SINGLE = (
    "kind",
    "cycle",
    "response",
    "modality",
    "cooperation_type",
    "funding_source",
    "status",
)
MULTI = ("country", "region", "group", "theme", "sdg", "org_type", "year")


class Codes:
    """Facet values ↔ small integers."""

    def __init__(self) -> None:
        self.values: list[str] = [""]
        self.index: dict[str, int] = {"": 0}

    def code(self, value: Any) -> int:
        key = "" if value is None else str(value)
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(key)
        return self.index[key]


class MemoryIndex:
    def __init__(self) -> None:
        self.seq = -1
        self.object_ids = np.zeros(0, dtype=np.int64)
        self.doc_ids = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}
        self.vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.hidden = np.zeros(0, dtype=bool)
        self.dates = np.zeros(0, dtype=np.int32)  # days since 1970, 0 = none
        self.codes = {name: Codes() for name in SINGLE + MULTI}
        self.single = {name: np.zeros(0, dtype=np.int32) for name in SINGLE}
        # multi-valued facets as (row, code) pairs
        self.pairs = {
            name: (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))
            for name in MULTI
        }
        self.projection: np.ndarray | None = None
        self.coarse = np.zeros((0, COARSE_DIMENSIONS), dtype=np.float32)
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.doc_ids)

    def refresh(self) -> None:
        newest = SearchDocument.objects.order_by("-seq").values_list("seq", flat=True)
        latest = newest.first() or 0
        if latest == self.seq:
            return
        with self.lock:
            if latest < self.seq:  # the database went back (a restore): start over
                self.__init__()  # type: ignore[misc]
            if latest != self.seq:
                self._load(SearchDocument.objects.filter(seq__gt=self.seq), latest)

    def _load(self, qs: Any, latest: int) -> None:
        fields = (
            "id",
            "kind",
            "object_id",
            "embedding",
            "hidden",
            "date",
            "facets",
            *SINGLE[1:],
        )
        rows = list(qs.values_list(*fields).iterator(chunk_size=5000))
        new = [r for r in rows if r[0] not in self.row_of]
        start = len(self.doc_ids)
        if new:
            count = len(new)
            self.doc_ids = np.concatenate([self.doc_ids, np.array([r[0] for r in new])])
            self.object_ids = np.concatenate(
                [self.object_ids, np.array([r[2] for r in new])]
            )
            self.vectors = np.concatenate(
                [self.vectors, np.zeros((count, DIMENSIONS), dtype=np.float32)]
            )
            self.hidden = np.concatenate([self.hidden, np.ones(count, dtype=bool)])
            self.dates = np.concatenate([self.dates, np.zeros(count, dtype=np.int32)])
            for name in SINGLE:
                self.single[name] = np.concatenate(
                    [self.single[name], np.zeros(count, dtype=np.int32)]
                )
            for offset, r in enumerate(new):
                self.row_of[r[0]] = start + offset
        changed_rows = np.array([self.row_of[r[0]] for r in rows], dtype=np.int64)
        self._drop_pairs(changed_rows)
        add_rows: dict[str, list[int]] = {n: [] for n in MULTI}
        add_codes: dict[str, list[int]] = {n: [] for n in MULTI}
        for r in rows:
            row = self.row_of[r[0]]
            vector = from_bytes(r[3])
            self.vectors[row] = vector if vector is not None else 0
            self.hidden[row] = r[4]
            self.dates[row] = r[5].toordinal() - 719162 if r[5] else 0
            self.single["kind"][row] = self.codes["kind"].code(r[1])
            for name, value in zip(SINGLE[1:], r[7:], strict=True):
                self.single[name][row] = self.codes[name].code(value)
            for name in MULTI:
                for value in (r[6] or {}).get(name, []):
                    add_rows[name].append(row)
                    add_codes[name].append(self.codes[name].code(value))
        for name in MULTI:
            old_rows, old_codes = self.pairs[name]
            self.pairs[name] = (
                np.concatenate([old_rows, np.array(add_rows[name], dtype=np.int64)]),
                np.concatenate([old_codes, np.array(add_codes[name], dtype=np.int32)]),
            )
        self._update_coarse(changed_rows)
        self.seq = latest

    def _update_coarse(self, rows: np.ndarray) -> None:
        if self.projection is None:
            if len(self.doc_ids) < COARSE_FROM:
                return
            # the principal directions of (a sample of) the documents, fitted once
            sample = self.vectors[
                np.random.default_rng(0).choice(
                    len(self.vectors),
                    size=min(20_000, len(self.vectors)),
                    replace=False,
                )
            ]
            _u, _s, vt = np.linalg.svd(sample, full_matrices=False)
            self.projection = np.ascontiguousarray(vt[:COARSE_DIMENSIONS].T)
            self.coarse = self.vectors @ self.projection
            return
        if len(self.coarse) < len(self.vectors):
            extra = len(self.vectors) - len(self.coarse)
            self.coarse = np.concatenate(
                [self.coarse, np.zeros((extra, COARSE_DIMENSIONS), dtype=np.float32)]
            )
        if len(rows):
            self.coarse[rows] = self.vectors[rows] @ self.projection

    def similarity(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of every document with ``vector``: exact for small indexes;
        for large ones exact for the best candidates, projected for the rest."""
        if self.projection is None:
            return self.vectors @ vector
        scores = self.coarse @ (vector @ self.projection)
        best = np.argpartition(-scores, min(RESCORE, len(scores) - 1))[:RESCORE]
        scores[best] = self.vectors[best] @ vector
        return scores

    def _drop_pairs(self, rows: np.ndarray) -> None:
        if not len(rows):
            return
        for name in MULTI:
            pair_rows, pair_codes = self.pairs[name]
            keep = ~np.isin(pair_rows, rows)
            self.pairs[name] = (pair_rows[keep], pair_codes[keep])

    # --- queries -------------------------------------------------------------

    def mask(self, kind: str | None, filters: dict[str, list[str]]) -> np.ndarray:
        mask = ~self.hidden
        if kind:
            mask &= self.single["kind"] == self.codes["kind"].index.get(kind, -1)
        for name, values in filters.items():
            if not values:
                continue
            codes = [self.codes[name].index.get(str(v), -1) for v in values]
            if name in self.single:
                mask &= np.isin(self.single[name], codes)
            else:
                rows, pair_codes = self.pairs[name]
                hit = np.zeros(len(mask), dtype=bool)
                hit[rows[np.isin(pair_codes, codes)]] = True
                mask &= hit
        return mask

    def counts(
        self, selected: np.ndarray, name: str, top: int = 30
    ) -> list[tuple[str, int]]:
        """(value, count) among the selected rows, most frequent first."""
        if name in self.single:
            values = self.single[name][selected]
        else:
            rows, codes = self.pairs[name]
            inside = np.zeros(len(self.doc_ids), dtype=bool)
            inside[selected] = True
            values = codes[inside[rows]]
        tally = np.bincount(values, minlength=len(self.codes[name].values))
        order = np.argsort(-tally, kind="stable")
        table = self.codes[name].values
        return [
            (table[i], int(tally[i]))
            for i in order[: top + 1]
            if tally[i] > 0 and table[i] != ""
        ][:top]


_index = MemoryIndex()


def current() -> MemoryIndex:
    _index.refresh()
    return _index


def reset() -> None:
    """Forget everything (tests, and after a database restore)."""
    global _index
    _index = MemoryIndex()
