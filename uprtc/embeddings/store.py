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
    wanted = list(ids) if ids is not None else None
    all_ids = list(
        corpus.queryset()
        .filter(**({"pk__in": wanted} if wanted is not None else {}))
        .values_list("pk", flat=True)
    )
    if wanted is not None:  # records deleted since take their vectors along
        forget(kind, set(wanted) - set(all_ids))
    result = Progress(total=len(all_ids))
    for start in range(0, len(all_ids), batch):
        chunk = all_ids[start : start + batch]
        texts = corpus.texts(chunk)
        have = dict(
            StoredVector.objects.filter(
                model=model, kind=kind, object_id__in=chunk, version=embedder.version
            ).values_list("object_id", "digest")
        )
        stale = [pk for pk, t in texts.items() if have.get(pk) != digest(t)]
        result.current += len(texts) - len(stale)
        if stale:
            vectors = embedder.passages([texts[pk] for pk in stale])
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
                digest=digest(texts[pk]),
                vector=embeddings.to_bytes(vector),
            )
            for pk, vector in zip(ids, vectors, strict=True)
        ]
    )


def forget(kind: str, ids: Iterable[int]) -> None:
    """Vectors of deleted records go with them."""
    StoredVector.objects.filter(kind=kind, object_id__in=list(ids)).delete()


def vectors(model: str, kind: str, ids: Iterable[int]) -> dict[int, np.ndarray]:
    """Stored vectors of the current version for these records (the missing
    ones are simply absent: the caller decides what to do without them)."""
    version = embeddings.get(model).version
    rows = StoredVector.objects.filter(
        model=model, kind=kind, version=version, object_id__in=list(ids)
    ).values_list("object_id", "vector")
    return {pk: np.frombuffer(bytes(data), dtype=np.float32) for pk, data in rows}


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
    """All current vectors of one model and corpus, in this process's memory,
    reloaded when the stored rows change (their count or newest row)."""

    def __init__(self) -> None:
        self.signature: tuple[int, int] | None = None
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, 0), dtype=np.float32)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Row of each record's vector, -1 where it has none (yet)."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(self.ids):
            return np.full(len(ids), -1)
        pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return np.where(self.ids[pos] == ids, pos, -1)


_matrices: dict[tuple[str, str], _Matrix] = {}


def matrix(model: str, kind: str) -> _Matrix:
    from django.db.models import Count, Max

    version = embeddings.get(model).version
    rows = StoredVector.objects.filter(model=model, kind=kind, version=version)
    stats = rows.aggregate(n=Count("id"), newest=Max("id"))
    signature = (stats["n"], stats["newest"] or 0)
    cached = _matrices.setdefault((model, kind), _Matrix())
    if cached.signature != signature:
        fresh = _Matrix()
        # sorted by record, so a batch of records is found with searchsorted
        pairs = list(
            rows.order_by("object_id")
            .values_list("object_id", "vector")
            .iterator(chunk_size=5000)
        )
        dims = embeddings.get(model).dimensions
        fresh.ids = np.array([p for p, _ in pairs], dtype=np.int64)
        fresh.vectors = np.zeros((len(pairs), dims), dtype=np.float32)
        for i, (_, data) in enumerate(pairs):
            fresh.vectors[i] = np.frombuffer(bytes(data), dtype=np.float32)
        fresh.signature = signature
        _matrices[(model, kind)] = cached = fresh
    return cached
