"""Computing and reading stored vectors.

``refresh`` embeds the records of a corpus whose vector is missing or stale
(another model version, or the text changed since), one batch per
transaction: killed half-way, the next run starts where it stopped."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from uprtc import embeddings
from uprtc.embeddings import corpora
from uprtc.embeddings.models import StoredVector

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
    """All current vectors of one model and corpus in this process's memory.

    A change of the stored rows is read incrementally: a vector recomputed or
    added is a new row (``refresh`` deletes and inserts), so the rows newer
    than the newest seen are all that changed; only when rows disappeared
    (records deleted) is everything read again."""

    def __init__(self) -> None:
        self.signature: tuple[int, int] = (0, 0)  # (rows, newest row id)
        self.ids = np.zeros(0, dtype=np.int64)  # record ids, sorted
        self.vectors = np.zeros((0, 0), dtype=np.float32)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Row of each record's vector, -1 where it has none (yet)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(self.ids):
            return np.full(len(ids), -1)
        pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return np.where(self.ids[pos] == ids, pos, -1)

    def merge(self, pairs: list[tuple[int, bytes]], dims: int) -> None:
        if not pairs:
            return
        new_ids = np.array([p for p, _ in pairs], dtype=np.int64)
        new_vectors = np.stack(
            [np.frombuffer(bytes(v), dtype=np.float32) for _, v in pairs]
        ).reshape(len(pairs), dims)
        if not len(self.vectors):
            self.vectors = np.zeros((0, dims), dtype=np.float32)
        keep = ~np.isin(self.ids, new_ids)
        ids = np.concatenate([self.ids[keep], new_ids])
        vectors = np.concatenate([self.vectors[keep], new_vectors])
        order = np.argsort(ids, kind="stable")
        self.ids, self.vectors = ids[order], vectors[order]


_matrices: dict[tuple[str, str], _Matrix] = {}


def matrix(model: str, kind: str) -> _Matrix:
    from django.db.models import Count, Max

    embedder = embeddings.get(model)
    rows = StoredVector.objects.filter(model=model, kind=kind, version=embedder.version)
    stats = rows.aggregate(n=Count("id"), newest=Max("id"))
    signature = (stats["n"], stats["newest"] or 0)
    cached = _matrices.get((model, kind)) or _Matrix()
    if cached.signature != signature:
        if signature[0] < cached.signature[0] or signature[1] < cached.signature[1]:
            cached = _Matrix()  # rows went away (or a restore): read all again
        newer = rows.filter(id__gt=cached.signature[1]).order_by("id")
        cached.merge(
            list(newer.values_list("object_id", "vector").iterator(chunk_size=5000)),
            embedder.dimensions,
        )
        cached.signature = signature
        if len(cached.ids) != signature[0]:  # a row replaced by an older one?
            cached = _Matrix()
            cached.merge(
                list(rows.values_list("object_id", "vector").iterator(chunk_size=5000)),
                embedder.dimensions,
            )
            cached.signature = signature
    _matrices[(model, kind)] = cached
    return cached


def reset() -> None:
    """Forget the vectors in memory (tests, and after a database restore)."""
    _matrices.clear()
