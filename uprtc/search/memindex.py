"""The index a query reads: every document's embedding and facet codes as
numpy arrays, so semantic ranking, facet filters and facet counts cost a few
vector operations.

Two parts. The machine's vector file (``vectorfile.py``), mapped read-only and
shared by every process, holds the public documents up to its ``seq``; this
process's memory holds the documents changed since (all documents when the
corpus is too small to need a file). The database stays the source of truth:
each query asks for the newest ``seq`` and loads only the documents changed
since (a withdrawn activity arrives as a hidden row, which also masks the
file's row), so every process sees a change at its next query, however old
the file. A file renamed over the mapped one is noticed by ``os.stat`` and
mapped instead."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import numpy as np
from django.db.models import Count, Max

from uprtc.embeddings import DIMENSIONS, from_bytes
from uprtc.search import vectorfile
from uprtc.search.models import SearchDocument
from uprtc.search.vectorfile import (
    COARSE_DIMENSIONS,
    COARSE_FROM,
    FIELDS,
    MULTI,
    SINGLE,
    Codes,
    Column,
    Snapshot,
    day,
)

# A query scores every document on a 128-d projection (a quarter of the
# memory traffic), then rescores the best ones on the full vectors: the full
# product is bound by memory bandwidth.
RESCORE = 2_000

log = logging.getLogger(__name__)

__all__ = ["COARSE_FROM", "MULTI", "RESCORE", "SINGLE", "Codes", "MemoryIndex"]


class _Rows:
    """Documents held in this process's memory: those changed since ``seq``."""

    def __init__(self, codes: dict[str, Codes], since: int = -1) -> None:
        self.codes = codes
        self.seq = since
        self.object_ids = np.zeros(0, dtype=np.int64)
        self.doc_ids = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}
        self.vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.hidden = np.zeros(0, dtype=bool)
        self.dates = np.zeros(0, dtype=np.int32)  # days since 1970, 0 = none
        self.single = {name: np.zeros(0, dtype=np.int32) for name in SINGLE}
        # multi-valued facets as (row, code) pairs
        self.pairs = {
            name: (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))
            for name in MULTI
        }
        self.projection: np.ndarray | None = None
        self.coarse = np.zeros((0, COARSE_DIMENSIONS), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def load(self, latest: int) -> bool:
        """Read what changed up to ``latest``; True when something did."""
        if latest == self.seq:
            return False
        self._load(SearchDocument.objects.filter(seq__gt=self.seq), latest)
        return True

    def _load(self, qs: Any, latest: int) -> None:
        rows = list(qs.values_list(*FIELDS).iterator(chunk_size=5000))
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
            self.dates[row] = day(r[5])
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

    def _drop_pairs(self, rows: np.ndarray) -> None:
        if not len(rows):
            return
        for name in MULTI:
            pair_rows, pair_codes = self.pairs[name]
            keep = ~np.isin(pair_rows, rows)
            self.pairs[name] = (pair_rows[keep], pair_codes[keep])

    def similarity(self, vector: np.ndarray) -> np.ndarray:
        if self.projection is None:
            return self.vectors @ vector
        scores = self.coarse @ (vector @ self.projection)
        best = np.argpartition(-scores, min(RESCORE, len(scores) - 1))[:RESCORE]
        scores[best] = self.vectors[best] @ vector
        return scores

    def mask(self, kind: int | None, filters: dict[str, list[int]]) -> np.ndarray:
        mask = ~self.hidden
        if kind is not None:
            mask &= self.single["kind"] == kind
        for name, codes in filters.items():
            if name in self.single:
                mask &= np.isin(self.single[name], codes)
            else:
                rows, pair_codes = self.pairs[name]
                hit = np.zeros(len(mask), dtype=bool)
                hit[rows[np.isin(pair_codes, codes)]] = True
                mask &= hit
        return mask

    def tally(self, selected: np.ndarray, name: str, size: int) -> np.ndarray:
        if name in self.single:
            values = self.single[name][selected]
        else:
            rows, codes = self.pairs[name]
            inside = np.zeros(len(self.doc_ids), dtype=bool)
            inside[selected] = True
            values = codes[inside[rows]]
        return np.bincount(values, minlength=size)


def _file_mask(
    snapshot: Snapshot, kind: int | None, filters: dict[str, list[int]]
) -> np.ndarray:
    mask = np.ones(snapshot.rows, dtype=bool)
    if kind is not None:
        mask &= snapshot.single["kind"] == kind
    for name, codes in filters.items():
        if name in snapshot.single:
            mask &= np.isin(snapshot.single[name], codes)
            continue
        rows, _codes, starts = snapshot.pairs[name]
        hit = np.zeros(snapshot.rows, dtype=bool)
        for code in codes:
            if 0 <= code < len(starts) - 1:
                hit[rows[starts[code] : starts[code + 1]]] = True
        mask &= hit
    return mask


def _file_tally(
    snapshot: Snapshot, selected: np.ndarray, name: str, size: int
) -> np.ndarray:
    if name in snapshot.single:
        values = snapshot.single[name][selected]
    elif len(selected) * 8 < snapshot.rows:
        # a result of a few thousand rows: read their codes, not every pair
        codes, starts = snapshot.by_row[name]
        values = codes[_ranges(starts[selected], starts[selected + 1])]
    else:
        rows, codes, _starts = snapshot.pairs[name]
        inside = np.zeros(snapshot.rows, dtype=bool)
        inside[selected] = True
        values = codes[inside[rows]]
    return np.bincount(values, minlength=size)


def _ranges(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The positions start..stop-1 of every (start, stop), concatenated."""
    lengths = stops - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return shift + np.arange(total)


class _RowOf:
    """Document id → row, over both parts (the in-memory row wins). A query
    asks for thousands of full-text matches one by one (``d in row_of``, then
    ``row_of[d]``): the answer to the first is kept for the second."""

    def __init__(self, index: MemoryIndex) -> None:
        self.bind(index)

    def bind(self, index: MemoryIndex) -> None:
        self.memory = index.memory.row_of
        self.base = index.base
        self.snapshot = index.snapshot
        self.last: tuple[Any, int] = (None, -1)

    def _find(self, doc_id: Any) -> int:
        row = self.memory.get(doc_id)
        if row is not None:
            return self.base + row
        if self.snapshot is None or not isinstance(doc_id, (int, np.integer)):
            return -1
        return self.snapshot.row_of(int(doc_id))

    def get(self, doc_id: Any, default: Any = None) -> Any:
        if self.last[0] != doc_id:
            self.last = (doc_id, self._find(doc_id))
        row = self.last[1]
        return default if row < 0 else row

    def __contains__(self, doc_id: object) -> bool:
        return self.get(doc_id) is not None

    def __getitem__(self, doc_id: int) -> int:
        row = self.get(doc_id)
        if row is None:
            raise KeyError(doc_id)
        return row


class MemoryIndex:
    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.codes = {name: Codes() for name in SINGLE + MULTI}
        self.memory = _Rows(self.codes)
        self.dead = np.zeros(0, dtype=np.int64)  # file rows changed since the file
        self.path: Any = None
        self.ident = ""
        self.tried: tuple[int, int, int] | None = None  # the last file looked at
        self.retry_at = 0.0
        self._row_of = _RowOf(self)
        self.lock = threading.Lock()

    @property
    def base(self) -> int:
        return self.snapshot.rows if self.snapshot is not None else 0

    @property
    def seq(self) -> int:
        return self.memory.seq

    def __len__(self) -> int:
        return self.base + len(self.memory)

    # --- keeping up -----------------------------------------------------------

    def refresh(self) -> None:
        with self.lock:
            if self.path is None:
                latest = self._start()
            else:
                self._follow_file()
                latest = vectorfile.newest_seq()
            if self.snapshot is not None and latest < self.snapshot.seq:
                # the database went back (a restore): the file is of another past
                self._use(self._ensure(latest))
            elif latest < self.memory.seq:
                self._use(self.snapshot)
            if self.memory.load(latest):
                self._mask_replaced()
            if self.snapshot is None and len(self.memory) >= vectorfile.FILE_FROM:
                snapshot = self._ensure(latest)
                if snapshot is not None:
                    self._use(snapshot)
                    if self.memory.load(latest):
                        self._mask_replaced()
            elif self.snapshot is not None and (
                len(self.memory) > vectorfile.REBUILD_AFTER
            ):
                vectorfile.schedule(local=True)
            self._row_of.bind(self)

    def _start(self) -> int:
        """The first query of this process: map the machine's file, built
        first when the corpus needs one and it is missing; the newest seq."""
        self.ident = vectorfile.identity()
        self.path = vectorfile.path_for(self.ident)
        self.tried = vectorfile.stat_key(self.path)
        snapshot = vectorfile.open_current(self.path, self.ident)
        if snapshot is not None:
            self._use(snapshot)
            return vectorfile.newest_seq()
        # one query as on every other call (tests count them)
        stats = SearchDocument.objects.aggregate(newest=Max("seq"), total=Count("id"))
        if stats["total"] >= vectorfile.FILE_FROM:
            snapshot = self._ensure(stats["newest"] or 0)
            if snapshot is not None:
                self._use(snapshot)
        return stats["newest"] or 0

    def _ensure(self, latest: int) -> Snapshot | None:
        """The file, built if need be; None (in memory, as for a small corpus)
        when it cannot be written, tried again a few minutes later."""
        if time.monotonic() < self.retry_at:
            return None
        try:
            return vectorfile.ensure(self.path, self.ident, latest)
        except Exception:
            log.exception("no vector file: the index stays in this process's memory")
            self.retry_at = time.monotonic() + 300
            return None

    def _follow_file(self) -> None:
        key = vectorfile.stat_key(self.path)
        if key is None or key == self.tried:
            return  # unchanged (or deleted: the mapping stays valid)
        self.tried = key
        snapshot = vectorfile.open_current(self.path, self.ident)
        if snapshot is not None:
            self._use(snapshot)

    def _use(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self.tried = snapshot.key
        self.snapshot = snapshot
        self.codes = {
            name: Codes(snapshot.codes[name] if snapshot else None)
            for name in SINGLE + MULTI
        }
        self.memory = _Rows(self.codes, since=snapshot.seq if snapshot else -1)
        self.dead = np.zeros(0, dtype=np.int64)

    def _mask_replaced(self) -> None:
        if self.snapshot is not None:
            rows = self.snapshot.rows_of(self.memory.doc_ids)
            self.dead = rows[rows >= 0]

    # --- columns, indexed by row ------------------------------------------------

    def _column(self, name: str) -> Column:
        snapshot = self.snapshot
        take = getattr(snapshot, name).__getitem__ if snapshot is not None else None
        return Column(self.base, take, getattr(self.memory, name))

    @property
    def object_ids(self) -> Column:
        return self._column("object_ids")

    @property
    def doc_ids(self) -> Column:
        return self._column("doc_ids")

    @property
    def dates(self) -> Column:
        return self._column("dates")

    @property
    def single(self) -> dict[str, Column]:
        snapshot = self.snapshot
        return {
            name: Column(
                self.base,
                snapshot.single[name].__getitem__ if snapshot is not None else None,
                self.memory.single[name],
            )
            for name in SINGLE
        }

    @property
    def vectors(self) -> Column:
        """Rows' vectors as float32 (``index.vectors[rows]``)."""
        snapshot = self.snapshot
        return Column(
            self.base,
            snapshot.exact if snapshot is not None else None,
            self.memory.vectors,
        )

    def vectors_of(self, rows: np.ndarray) -> np.ndarray:
        return self.vectors[rows]

    @property
    def row_of(self) -> _RowOf:
        return self._row_of

    def rows_for(self, doc_ids: Any) -> np.ndarray:
        """The rows of these document ids that the index holds, in one pass
        (a word found in 10,000 records: ``row_of`` one by one cost ~40 ms)."""
        ids = np.fromiter(doc_ids, dtype=np.int64)
        rows = np.full(len(ids), -1, dtype=np.int64)
        if not len(ids):
            return rows
        if self.snapshot is not None:
            rows = self.snapshot.rows_of(ids)
        memory = self.memory.row_of  # rows changed since the file: they win
        if memory:
            keys = np.fromiter(memory.keys(), dtype=np.int64, count=len(memory))
            values = np.fromiter(memory.values(), dtype=np.int64, count=len(memory))
            order = np.argsort(keys)
            keys, values = keys[order], values[order]
            at = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
            hit = keys[at] == ids
            rows[hit] = self.base + values[at[hit]]
        return rows[rows >= 0]

    # --- queries -------------------------------------------------------------

    def similarity(self, vector: np.ndarray) -> np.ndarray:
        """Cosine of every document with ``vector``: exact for small indexes;
        for large ones exact for the best candidates, projected for the rest."""
        memory = self.memory.similarity(vector)
        if self.snapshot is None:
            return memory
        return np.concatenate([self.snapshot.similarity(vector, RESCORE), memory])

    def release(self) -> None:
        """After a query: the file's pages leave this process's RSS (they
        stay shared in the page cache), so a worker's memory does not grow
        with the corpus it searched (bench/RESULTS.md, issue 16)."""
        if self.snapshot is not None:
            self.snapshot.release()

    def mask(self, kind: str | None, filters: dict[str, list[str]]) -> np.ndarray:
        codes = {
            name: [self.codes[name].index.get(str(v), -1) for v in values]
            for name, values in filters.items()
            if values
        }
        # the file's value tables are the first codes of this process's tables
        kind_code = self.codes["kind"].index.get(kind, -1) if kind else None
        parts = []
        if self.snapshot is not None:
            part = _file_mask(self.snapshot, kind_code, codes)
            part[self.dead] = False
            parts.append(part)
        parts.append(self.memory.mask(kind_code, codes))
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def counts(
        self, selected: np.ndarray, name: str, top: int = 30
    ) -> list[tuple[str, int]]:
        """(value, count) among the selected rows, most frequent first."""
        selected = np.asarray(selected)
        if selected.dtype == bool:
            selected = np.flatnonzero(selected)
        size = len(self.codes[name].values)
        low = selected < self.base
        tally = self.memory.tally(selected[~low] - self.base, name, size)
        if self.snapshot is not None:
            tally = tally + _file_tally(self.snapshot, selected[low], name, size)
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
