"""Computing and reading stored vectors.

``refresh`` embeds the records of a corpus whose vector is missing or stale
(another model version, or the text changed since), one batch per
transaction: killed half-way, the next run starts where it stopped."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Count, Max

from uprtc import embeddings
from uprtc.embeddings import corpora
from uprtc.embeddings.models import StoredVector
from uprtc.search import vectorfile
from uprtc.search.vectorfile import Column, Mapped

BATCH = 64
LOOKUP = 900  # record ids per query
# Every use compares like with like (a text with a recommendation that says
# the same, an activity with its duplicate): e5's model card asks for the
# "query: " prefix on both sides of such symmetric tasks, and it measured
# better than "passage: " (bench/linking.py). In the digest, so vectors made
# with the other prefix are stale.
ROLE = "query: "


def digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


@dataclass
class Progress:
    total: int = 0
    embedded: int = 0
    current: int = 0  # already up to date

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def refresh(
    model: str,
    kind: str,
    ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch: int = BATCH,
) -> Progress:
    """Embed what is missing or stale; ``progress(done, total)`` after each batch."""
    embedder = embeddings.get(model)
    corpus = corpora.get(kind)
    if ids is None:
        all_ids = list(corpus.queryset().values_list("pk", flat=True))
    else:
        # in slices: an import asks for tens of thousands of records, more
        # than SQLite takes as parameters of one query
        wanted = list(dict.fromkeys(ids))
        all_ids = []
        for start in range(0, len(wanted), LOOKUP):
            chunk = wanted[start : start + LOOKUP]
            found = list(
                corpus.queryset().filter(pk__in=chunk).values_list("pk", flat=True)
            )
            forget(kind, set(chunk) - set(found))  # deleted since: vectors go too
            all_ids += found
    result = Progress(total=len(all_ids))
    for start in range(0, len(all_ids), batch):
        chunk = all_ids[start : start + batch]
        texts = corpus.texts(chunk)
        have = dict(
            StoredVector.objects.filter(
                model=model, kind=kind, object_id__in=chunk, version=embedder.version
            ).values_list("object_id", "digest")
        )
        stale = [pk for pk, t in texts.items() if have.get(pk) != digest(ROLE + t)]
        result.current += len(texts) - len(stale)
        if stale:
            vectors = embedder.queries([texts[pk] for pk in stale])
            _save(model, embedder.version, kind, stale, texts, vectors)
            result.embedded += len(stale)
        if progress:
            progress(min(start + batch, len(all_ids)), len(all_ids))
    return result


@transaction.atomic
def _save(
    model: str,
    version: str,
    kind: str,
    ids: list[int],
    texts: dict[int, str],
    vectors: np.ndarray,
) -> None:
    StoredVector.objects.filter(model=model, kind=kind, object_id__in=ids).delete()
    StoredVector.objects.bulk_create(
        [
            StoredVector(
                kind=kind,
                object_id=pk,
                model=model,
                version=version,
                digest=digest(ROLE + texts[pk]),
                vector=embeddings.to_bytes(vector),
            )
            for pk, vector in zip(ids, vectors, strict=True)
        ]
    )


def forget(kind: str, ids: Iterable[int]) -> None:
    """Vectors of deleted records go with them."""
    StoredVector.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def coverage(model: str) -> dict[str, dict[str, int]]:
    """For each corpus: records, and those with a current vector."""
    version = embeddings.get(model).version
    out = {}
    for kind, corpus in corpora.CORPORA.items():
        out[kind] = {
            "records": corpus.queryset().count(),
            "current": StoredVector.objects.filter(
                model=model, kind=kind, version=version
            ).count(),
        }
    return out


class _Matrix:
    """All current vectors of one model and corpus, as this process reads them.

    A change of the stored rows is read incrementally: a vector recomputed or
    added is a new row (``refresh`` deletes and inserts), so the rows newer
    than the newest seen are all that changed; only when rows disappeared
    (records deleted) is everything read again.

    A large corpus (``vectorfile.FILE_FROM`` vectors) is read from the
    machine's file of these vectors (float16, mapped by every process, see
    ``uprtc/search/vectorfile.py``): only the rows newer than the file are in
    this process's memory. There a deleted record's vector stays in the file
    until the next one is written; no candidate asks for it."""

    def __init__(self, file: Any = None) -> None:
        self.signature: tuple[int, int] = (0, 0)  # (rows, newest row id)
        self.ids = np.zeros(0, dtype=np.int64)  # record ids, sorted
        self.memory = np.zeros((0, 0), dtype=np.float32)
        self.file = file

    @property
    def base(self) -> int:
        return self.file.rows if self.file is not None else 0

    @property
    def vectors(self) -> Any:
        """Rows' vectors as float32 (``matrix.vectors[rows]``)."""
        if self.file is None:
            return self.memory

        return Column(self.base, self.file.exact, self.memory)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Row of each record's vector, -1 where it has none (yet)."""
        ids = np.asarray(ids, dtype=np.int64)
        out = np.full(len(ids), -1, dtype=np.int64)
        if self.file is not None:
            out = self.file.rows_of(ids)
        if len(self.ids):
            pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
            # the rows newer than the file win
            out = np.where(self.ids[pos] == ids, self.base + pos, out)
        return out

    def merge(self, pairs: list[tuple[int, bytes]], dims: int) -> None:
        if not pairs:
            return
        new_ids = np.array([p for p, _ in pairs], dtype=np.int64)
        new_vectors = np.stack(
            [np.frombuffer(bytes(v), dtype=np.float32) for _, v in pairs]
        ).reshape(len(pairs), dims)
        if not len(self.memory):
            self.memory = np.zeros((0, dims), dtype=np.float32)
        keep = ~np.isin(self.ids, new_ids)
        ids = np.concatenate([self.ids[keep], new_ids])
        vectors = np.concatenate([self.memory[keep], new_vectors])
        order = np.argsort(ids, kind="stable")
        self.ids, self.memory = ids[order], vectors[order]


class StoredFile:
    """The machine's file of one model's vectors of one corpus: record ids
    (sorted) and float16 vectors, up to a StoredVector id."""

    def __init__(self, path: Path) -> None:
        self.mapped = Mapped(path)
        header = self.mapped.header
        self.key = self.mapped.key
        self.rows: int = header["rows"]
        self.newest: int = header["newest"]
        self.ids = self.mapped._array("ids")[: self.rows]
        self.vectors = self.mapped._array("vectors")[: self.rows]

    def exact(self, rows: Any) -> np.ndarray:
        return self.vectors[rows].astype(np.float32)

    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        if not self.rows:
            return np.full(len(ids), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.ids, ids), self.rows - 1)
        return np.where(self.ids[pos] == ids, pos, -1)


def file_path(model: str, kind: str, version: str) -> Path:
    ident = vectorfile.identity()
    digest = hashlib.sha1(f"{ident}|{model}|{kind}|{version}".encode()).hexdigest()
    return vectorfile.directory() / (
        f"stored-{model}-{kind}-{digest[:12]}-v{vectorfile.SCHEMA}.vec"
    )


def build_file(model: str, kind: str, chunk: int = 5000) -> Path:
    """Write the machine's file of these vectors (streamed, then renamed over
    the old one, as the search index's file)."""
    embedder = embeddings.get(model)
    path = file_path(model, kind, embedder.version)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = StoredVector.objects.filter(model=model, kind=kind, version=embedder.version)
    newest = rows.aggregate(newest=Max("id"))["newest"] or 0
    rows = rows.filter(id__lte=newest)
    capacity = rows.count()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with vectorfile.writing(tmp, path) as writer:
        writer.reserve(
            {
                "ids": ("<i8", (capacity,)),
                "vectors": ("<f2", (capacity, embedder.dimensions)),
            }
        )
        ids, vectors = writer.view("ids"), writer.view("vectors")
        n, last = 0, -1
        while n < capacity:
            batch = list(
                rows.filter(object_id__gt=last)
                .order_by("object_id")
                .values_list("object_id", "vector")[: min(chunk, capacity - n)]
            )
            if not batch:
                break
            last = batch[-1][0]
            stop = n + len(batch)
            ids[n:stop] = [pk for pk, _ in batch]
            vectors[n:stop] = np.stack(
                [np.frombuffer(bytes(v), dtype=np.float32) for _, v in batch]
            )
            n = stop
        writer.finish({"model": model, "kind": kind, "rows": n, "newest": newest})
    return path


def _open_file(path: Path) -> StoredFile | None:
    try:
        return StoredFile(path)
    except (OSError, ValueError, KeyError):
        return None


def _from_file(model: str, kind: str, version: str, newest: int) -> _Matrix | None:
    """The matrix over the machine's file, built first if missing or newer
    than the database (restored since): one process of the machine builds,
    the others wait and map it."""
    path = file_path(model, kind, version)
    found = _open_file(path)
    if found is None or found.newest > newest:
        try:
            with vectorfile.machine_lock(path):
                found = _open_file(path)
                if found is None or found.newest > newest:
                    build_file(model, kind)
                    found = _open_file(path)
        except OSError:  # no place for files: in memory, as a small corpus
            return None
    if found is None:
        return None
    cached = _Matrix(found)
    cached.signature = (0, found.newest)
    return cached


_matrices: dict[tuple[str, str], _Matrix] = {}


def matrix(model: str, kind: str) -> _Matrix:
    embedder = embeddings.get(model)
    rows = StoredVector.objects.filter(model=model, kind=kind, version=embedder.version)
    stats = rows.aggregate(n=Count("id"), newest=Max("id"))
    signature = (stats["n"], stats["newest"] or 0)
    cached = _matrices.get((model, kind)) or _Matrix()
    if cached.file is not None:
        key = vectorfile.stat_key(cached.file.mapped.path)
        if signature[1] < cached.file.newest:  # the database went back
            cached = _Matrix()
        elif key is not None and key != cached.file.key:  # a new file
            cached = _from_file(model, kind, embedder.version, signature[1])
            cached = cached or _Matrix()
    elif cached.signature[0] == 0 and signature[0] >= vectorfile.FILE_FROM:
        cached = _from_file(model, kind, embedder.version, signature[1])
        cached = cached or _Matrix()
    if cached.signature != signature:
        if cached.file is not None:
            # deletions need not be noticed: a deleted record is no candidate
            newer = rows.filter(id__gt=cached.signature[1]).order_by("id")
            cached.merge(
                list(
                    newer.values_list("object_id", "vector").iterator(chunk_size=5000)
                ),
                embedder.dimensions,
            )
            cached.signature = signature
            if len(cached.ids) > vectorfile.REBUILD_AFTER:
                vectorfile.schedule(local=True)
        else:
            cached = _read_changes(cached, rows, signature, embedder.dimensions)
    _matrices[(model, kind)] = cached
    return cached


def _read_changes(
    cached: _Matrix, rows: Any, signature: tuple[int, int], dims: int
) -> _Matrix:
    if signature[0] < cached.signature[0] or signature[1] < cached.signature[1]:
        cached = _Matrix()  # rows went away (or a restore): read all again
    newer = rows.filter(id__gt=cached.signature[1]).order_by("id")
    cached.merge(
        list(newer.values_list("object_id", "vector").iterator(chunk_size=5000)), dims
    )
    cached.signature = signature
    if len(cached.ids) != signature[0]:  # a row replaced by an older one?
        cached = _Matrix()
        cached.merge(
            list(rows.values_list("object_id", "vector").iterator(chunk_size=5000)),
            dims,
        )
        cached.signature = signature
    return cached


def refresh_files() -> list[str]:
    """Rewrite the machine's files of stored vectors that fell behind (the
    task of the search index's file calls this); the paths written."""
    written = []
    for model in embeddings.STORED:
        version = embeddings.get(model).version
        for kind in corpora.CORPORA:
            path = file_path(model, kind, version)
            found = _open_file(path)
            if found is None:
                continue
            behind = StoredVector.objects.filter(
                model=model, kind=kind, version=version, id__gt=found.newest
            ).count()
            if behind >= vectorfile.REBUILD_AFTER:
                with vectorfile.machine_lock(path):
                    build_file(model, kind)
                written.append(str(path))
    return written


def reset() -> None:
    """Forget the vectors in memory (tests, and after a database restore)."""
    _matrices.clear()
