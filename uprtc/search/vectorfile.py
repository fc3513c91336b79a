"""The corpus-sized part of the search index in one file per machine.

Every process of a machine maps the same read-only file, so the vectors cost
page cache once per machine instead of private memory in each process. The
file holds the public documents up to a ``seq``: ids, facet codes (with their
value tables, and the multi-valued ones both by value and by row), dates, a
128-d projection and the projected vectors in int8 (scored first: the same
candidates as float32 at a quarter of the bytes), and the full vectors in
float16 (rescored; float16 keeps the top 10 of float32, int8 does not
always: bench/RESULTS.md). ``memindex`` adds the
rows changed since that ``seq`` from the database, so the file may be old
without anything being stale.

Layout: the arrays one after another (aligned), then a JSON header, then 16
bytes: ``MAGIC`` and the header's offset. A new file is written beside the old
one and renamed over it, so a reader sees either file, whole. The name says
which database it was built from (name and identity: a recreated database is
another one) and the layout version, so a test database and a development
database never read each other's file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import mmap
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction

from uprtc.core.tasks import enqueue, run
from uprtc.embeddings import DIMENSIONS
from uprtc.search.models import SearchDocument

log = logging.getLogger(__name__)

SCHEMA = 1  # the layout of the files of embeddings/store.py
# The search file's layout: 2 = the projected vectors in int8 (a scale per
# dimension) and the multi-valued facets also by row.
SEARCH_SCHEMA = 2
MAGIC = b"UPRTCVX1"
ALIGN = 64
CHUNK = 5_000  # rows read from the database per query while building
# Below this many documents everything stays in each process's memory (a
# few MB): no file to write, and tests keep their small corpora in memory.
FILE_FROM = 20_000
# Rows changed since the file before a process asks for a new file.
REBUILD_AFTER = 2_000
DEBOUNCE = 60  # seconds between two scheduled rebuilds (per machine)
MAX_AGE = 15 * 60  # seconds: past this, any change is worth a new file
STORAGE = "float16"  # measured against the others in bench/vector_index.py
STORAGES = {"float32": "<f4", "float16": "<f2", "int8": "|i1"}  # int8: a scale per row
COARSE_FROM = 50_000
COARSE_DIMENSIONS = 128
SAMPLE = 20_000  # documents the projection is fitted on
# Projected vectors converted to float32 this many rows at a time (a block
# stays in the CPU cache; the whole array would be 150 MB at 300,000 rows).
BLOCK = 2_048

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
# SearchDocument fields read for a row, in this order
FIELDS = (
    "id",
    "kind",
    "object_id",
    "embedding",
    "hidden",
    "date",
    "facets",
    *SINGLE[1:],
)


class Codes:
    """Facet values ↔ small integers."""

    def __init__(self, values: list[str] | None = None) -> None:
        self.values: list[str] = list(values or [""])
        self.index: dict[str, int] = {v: i for i, v in enumerate(self.values)}

    def code(self, value: Any) -> int:
        key = "" if value is None else str(value)
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(key)
        return self.index[key]


def day(value: Any) -> int:
    """Days since 1970 (0: no date)."""
    return value.toordinal() - 719162 if value else 0


# --- which file ---------------------------------------------------------------


_pg_identities: dict[str, str] = {}  # one query per process and database


def identity() -> str:
    """The database this process reads, as another process would name it: a
    database recreated under the same name (a restore, a benchmark) is
    another identity, so its old file is not read."""
    vendor = connection.vendor
    name = str(connection.settings_dict["NAME"])
    if vendor == "sqlite":
        if connection.is_in_memory_db():
            return f"sqlite:memory:{os.getpid()}"  # no other process sees it
        path = os.path.realpath(name)
        try:
            stat = os.stat(path)
        except OSError:
            return f"sqlite:{path}"
        return f"sqlite:{path}:{stat.st_dev}:{stat.st_ino}"
    if vendor == "postgresql":
        if name in _pg_identities:
            return _pg_identities[name]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT oid FROM pg_database WHERE datname = current_database()"
            )
            oid = cursor.fetchone()[0]
        host = connection.settings_dict.get("HOST") or "local"
        port = connection.settings_dict.get("PORT") or ""
        _pg_identities[name] = f"postgresql:{host}:{port}:{name}:{oid}"
        return _pg_identities[name]
    return f"{vendor}:{name}"


def directory() -> Path:
    return Path(settings.VAR_DIR) / "vectors"


def path_for(ident: str) -> Path:
    readable = re.sub(
        r"[^A-Za-z0-9]+",
        "-",
        ident.split(":")[0] + "-" + Path(str(connection.settings_dict["NAME"])).stem,
    )[:40].strip("-")
    digest = hashlib.sha1(ident.encode()).hexdigest()[:12]
    return directory() / f"search-{readable}-{digest}-v{SEARCH_SCHEMA}.vec"


# --- reading --------------------------------------------------------------------


class Mapped:
    """A file of this module's layout, mapped read-only; its arrays are
    views of the mapping."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            stat = os.fstat(fh.fileno())
            # the mapping pins this inode: a file renamed over it later is
            # another file, this one stays whole while it is mapped
            self.map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        if stat.st_size < 16 or self.map[-16:-8] != MAGIC:
            raise ValueError(f"{path} is not a vector file")
        at = int.from_bytes(self.map[-8:], "little")
        self.header: dict[str, Any] = json.loads(self.map[at:-16])
        if hasattr(mmap, "MADV_RANDOM"):
            # rescoring reads scattered rows: no read-ahead around them
            self.map.madvise(mmap.MADV_RANDOM)
        self.path = path
        self.key = (stat.st_dev, stat.st_ino, stat.st_mtime_ns)

    def _array(self, name: str) -> np.ndarray:
        spec = self.header["arrays"][name]
        shape = tuple(spec["shape"])
        count = int(np.prod(shape)) if shape else 1
        return np.frombuffer(
            self.map, dtype=spec["dtype"], count=count, offset=spec["offset"]
        ).reshape(shape)

    def release(self, name: str | None = None) -> None:
        """Unmap the pages of one array (all: ``None``) from this process.
        They stay in the machine's page cache, and the next read maps them
        again from it (~1 ms for the 37 MB of projected vectors, a few ms
        for 2,000 scattered rows). Without this a worker keeps every page
        it ever read mapped: the whole projection, and over a few hundred
        queries most of the rescored vectors, all counted in its RSS."""
        start, stop = 0, len(self.map)
        if name is not None:
            spec = self.header["arrays"][name]
            size = int(np.prod(spec["shape"])) * np.dtype(spec["dtype"]).itemsize
            start = spec["offset"] // mmap.PAGESIZE * mmap.PAGESIZE
            stop = spec["offset"] + size
        with contextlib.suppress(OSError, ValueError):  # closed, or no madvise
            self.map.madvise(mmap.MADV_DONTNEED, start, stop - start)

    def page_in(self) -> None:
        """Read every page once, so the whole file is in the page cache, as
        loading the former in-memory index did (bench/search_scale.py; a
        search unmaps the pages after it, the next maps them from the cache)."""
        view = np.frombuffer(self.map, dtype=np.uint8)
        int(view[:: mmap.PAGESIZE].sum())

    def close(self) -> None:
        with contextlib.suppress(BufferError):  # views still in use: GC unmaps
            self.map.close()


class Snapshot(Mapped):
    """The search index's file."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.seq: int = self.header["seq"]
        self.rows: int = self.header["rows"]
        self.storage: str = self.header["storage"]
        self.codes = {name: list(v) for name, v in self.header["codes"].items()}
        n = self.rows
        self.doc_ids = self._array("doc_ids")[:n]
        self.object_ids = self._array("object_ids")[:n]
        self.dates = self._array("dates")[:n]
        self.single = {name: self._array(f"single.{name}")[:n] for name in SINGLE}
        # multi-valued facets: rows sorted by code, ``starts[c]`` where code c begins
        self.pairs = {
            name: (
                self._array(f"pairs.{name}.rows"),
                self._array(f"pairs.{name}.codes"),
                self._array(f"pairs.{name}.starts"),
            )
            for name in MULTI
        }
        # and by row: the codes of row r are ``codes[starts[r]:starts[r + 1]]``
        self.by_row = {
            name: (
                self._array(f"by_row.{name}.codes"),
                self._array(f"by_row.{name}.starts"),
            )
            for name in MULTI
        }
        self.vectors = self._array("vectors")[:n]
        self.scales = self._array("scales")[:n] if self.storage == "int8" else None
        self.projection = (
            self._array("projection") if "projection" in self.header["arrays"] else None
        )
        self.coarse = self._array("coarse")[:n] if self.projection is not None else None
        # int8 per dimension: projected value = code × scale
        self.coarse_scales = (
            self._array("coarse_scales") if self.projection is not None else None
        )
        # a memoryview: indexed from Python ten times faster than an array
        self.row_by_id = (
            memoryview(self._array("row_by_id")).cast("B").cast("i")
            if "row_by_id" in self.header["arrays"]
            else None
        )

    def exact(self, rows: Any) -> np.ndarray:
        """The full vectors of these rows, as float32."""
        out = self.vectors[rows].astype(np.float32)
        if self.scales is not None:
            out *= self.scales[rows, None]
        return out

    def similarity(self, vector: np.ndarray, rescore: int) -> np.ndarray:
        if self.projection is None:
            out = np.empty(self.rows, dtype=np.float32)
            for start in range(0, self.rows, 16_384):
                stop = min(start + 16_384, self.rows)
                out[start:stop] = self.exact(slice(start, stop)) @ vector
            return out
        with one_blas_thread():
            scores = scan(self.coarse, (vector @ self.projection) * self.coarse_scales)
            if self.rows > rescore:
                best = np.argpartition(scores, self.rows - rescore)[-rescore:]
            else:
                best = np.arange(self.rows)
            best = np.sort(best)  # read the file in order
            scores[best] = self.exact(best) @ vector
        return scores

    def row_of(self, doc_id: int) -> int:
        """Row of one document id, -1 when the file does not hold it."""
        table = self.row_by_id
        if table is not None:
            return table[doc_id] if 0 <= doc_id < len(table) else -1
        return int(self.rows_of(np.array([doc_id]))[0])

    def rows_of(self, doc_ids: np.ndarray) -> np.ndarray:
        """Row of each document id, -1 when the file does not hold it."""
        doc_ids = np.asarray(doc_ids, dtype=np.int64)
        if not self.rows or not len(doc_ids):
            return np.full(len(doc_ids), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.doc_ids, doc_ids), self.rows - 1)
        return np.where(self.doc_ids[at] == doc_ids, at, -1)

    def close(self) -> None:
        if self.row_by_id is not None:
            self.row_by_id.release()
        super().close()


def open_current(path: Path, ident: str) -> Snapshot | None:
    """The file for this database, or None (missing, damaged, or another's)."""
    try:
        snapshot = Snapshot(path)
    except (OSError, ValueError, KeyError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.warning("vector file %s not usable: %s", path, exc)
        return None
    if (
        snapshot.header.get("schema") != SEARCH_SCHEMA
        or snapshot.header.get("identity") != ident
    ):
        return None
    return snapshot


def stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns)


_blas: Any = None


def one_blas_thread() -> Any:
    """A query's products on one BLAS thread: a web server's parallelism is
    its processes, and on a busy machine a second thread mostly waits for
    the first (the scan took 1.4× longer on two threads at load 7)."""
    global _blas
    if _blas is None:
        try:
            # here: an optional package, only for processes that score a query
            from threadpoolctl import ThreadpoolController

            _blas = ThreadpoolController().limit
        except Exception:  # noqa: BLE001 - no control: BLAS as configured
            _blas = False
    return _blas(limits=1, user_api="blas") if _blas else contextlib.nullcontext()


def scan(coarse: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``coarse @ query`` for int8 rows: each block converted to float32 in a
    buffer the CPU cache holds, then one BLAS product. A quarter of the
    memory read of float32 rows (37 MB instead of 150 at 300,000 documents)
    for the same candidates (bench/RESULTS.md)."""
    out = np.empty(len(coarse), dtype=np.float32)
    buffer = np.empty((BLOCK, coarse.shape[1]), dtype=np.float32)
    for start in range(0, len(coarse), BLOCK):
        block = coarse[start : start + BLOCK]
        part = buffer[: len(block)]
        np.copyto(part, block, casting="unsafe")
        np.dot(part, query, out=out[start : start + len(block)])
    return out


class Column:
    """One column of a file and of the rows kept in memory since, indexed by
    row like one array: the file's rows first, then the in-memory ones."""

    def __init__(
        self,
        base: int,
        take: Callable[[np.ndarray], np.ndarray] | None,
        extra: np.ndarray,
    ) -> None:
        self.base, self.take, self.extra = base, take, extra

    def __len__(self) -> int:
        return self.base + len(self.extra)

    def __getitem__(self, rows: Any) -> Any:
        if isinstance(rows, (int, np.integer)):
            row = int(rows) + (len(self) if rows < 0 else 0)
            if row < self.base:
                assert self.take is not None
                return self.take(np.array([row]))[0]
            return self.extra[row - self.base]
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        low = rows < self.base
        if not low.any():
            return self.extra[rows - self.base]
        assert self.take is not None
        if low.all():
            return self.take(rows)
        out = np.empty((len(rows), *self.extra.shape[1:]), dtype=self.extra.dtype)
        out[low] = self.take(rows[low])
        out[~low] = self.extra[rows[~low] - self.base]
        return out


# --- writing --------------------------------------------------------------------


def newest_seq() -> int:

    newest = SearchDocument.objects.order_by("-seq").values_list("seq", flat=True)
    return newest.first() or 0


@contextlib.contextmanager
def machine_lock(path: Path, wait: bool = True) -> Iterator[bool]:
    """One builder per machine: yields False at once when ``wait`` is off and
    another process holds the lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class _Writer:
    """Sections of a file being written: row arrays of a known capacity first
    (filled in place through a mapping), others appended."""

    def __init__(self, path: Path) -> None:
        self.fh = open(path, "w+b")  # noqa: SIM115 - closed in finish()/abort()
        self.arrays: dict[str, dict[str, Any]] = {}
        self.end = 0

    def reserve(self, specs: dict[str, tuple[str, tuple[int, ...]]]) -> None:
        for name, (dtype, shape) in specs.items():
            self.arrays[name] = {
                "dtype": dtype,
                "shape": list(shape),
                "offset": self.end,
            }
            size = int(np.prod(shape)) * np.dtype(dtype).itemsize
            self.end = -(-(self.end + size) // ALIGN) * ALIGN
        self.fh.truncate(self.end)
        self.map = np.memmap(
            self.fh, dtype=np.uint8, mode="r+", shape=(max(self.end, 1),)
        )

    def view(self, name: str) -> np.ndarray:
        spec = self.arrays[name]
        size = int(np.prod(spec["shape"])) * np.dtype(spec["dtype"]).itemsize
        return (
            self.map[spec["offset"] : spec["offset"] + size]
            .view(spec["dtype"])
            .reshape(spec["shape"])
        )

    def append(self, name: str, array: np.ndarray) -> None:
        array = np.ascontiguousarray(array)
        self.arrays[name] = {
            "dtype": array.dtype.str,
            "shape": list(array.shape),
            "offset": self.end,
        }
        self.fh.seek(self.end)
        self.fh.write(array.tobytes())
        self.end = -(-(self.end + array.nbytes) // ALIGN) * ALIGN
        self.fh.truncate(self.end)

    def finish(self, header: dict[str, Any]) -> None:
        self.map.flush()
        del self.map
        data = json.dumps({**header, "arrays": self.arrays}).encode()
        self.fh.seek(self.end)
        self.fh.write(data + MAGIC + self.end.to_bytes(8, "little"))
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()

    def abort(self) -> None:
        self.map = None
        self.fh.close()


@contextlib.contextmanager
def writing(tmp: Path, path: Path) -> Iterator[_Writer]:
    """A writer of ``tmp``, renamed over ``path`` once the block has finished
    it: readers see the old file or the new one, never half of one. On any
    error the partial file goes."""
    writer = _Writer(tmp)
    try:
        yield writer
        os.replace(tmp, path)
    except BaseException:
        writer.abort()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def build(
    path: Path | None = None,
    storage: str | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Write the file of the public documents up to the newest ``seq``,
    streaming from the database ``chunk`` rows at a time (memory: the chunk,
    the facet pairs and a sample of vectors), then rename it over the old one.
    Returns the new file's header."""

    ident = identity()
    path = path or path_for(ident)
    storage = storage or STORAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    seq = newest_seq()
    # a row changed while this runs gets a newer seq and leaves this set; the
    # readers take it from the database (the overlay) either way
    documents = SearchDocument.objects.filter(seq__lte=seq, hidden=False)
    capacity = documents.count()
    _forget_killed_builds(path)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with writing(tmp, path) as writer:
        rows, codes, pairs = _write_rows(
            writer, documents, capacity, storage, chunk, progress
        )
        _write_pairs(writer, pairs, codes, rows)
        _write_lookup(writer, rows)
        header = {
            "schema": SEARCH_SCHEMA,
            "identity": ident,
            "seq": seq,
            "rows": rows,
            "storage": storage,
            "built_at": time.time(),
            "seconds": 0.0,
            "codes": {name: c.values for name, c in codes.items()},
        }
        if rows >= COARSE_FROM:
            _write_coarse(writer, rows)
        header["seconds"] = round(time.perf_counter() - started, 2)
        writer.finish(header)
    log.info(
        "vector file %s: %s rows at seq %s in %.1fs", path, rows, seq, header["seconds"]
    )
    return header


def _forget_killed_builds(path: Path) -> None:
    """A build killed half-way leaves its file; none lasts an hour."""
    for old in path.parent.glob(f"{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > 3600:
                old.unlink()


def _write_rows(
    writer: _Writer,
    documents: Any,
    capacity: int,
    storage: str,
    chunk: int,
    progress: Callable[[int, int], None] | None,
) -> tuple[int, dict[str, Codes], dict[str, tuple[list, list]]]:
    specs: dict[str, tuple[str, tuple[int, ...]]] = {
        "doc_ids": ("<i8", (capacity,)),
        "object_ids": ("<i8", (capacity,)),
        "dates": ("<i4", (capacity,)),
        **{f"single.{name}": ("<i4", (capacity,)) for name in SINGLE},
        "vectors": (STORAGES[storage], (capacity, DIMENSIONS)),
    }
    if storage == "int8":
        specs["scales"] = ("<f4", (capacity,))
    if capacity >= COARSE_FROM:
        specs["coarse"] = ("|i1", (capacity, COARSE_DIMENSIONS))
    writer.reserve(specs)
    codes = {name: Codes() for name in SINGLE + MULTI}
    pairs: dict[str, tuple[list, list]] = {name: ([], []) for name in MULTI}
    views = {name: writer.view(name) for name in specs if name != "coarse"}
    n, last = 0, 0
    while n < capacity:
        batch = list(
            documents.filter(id__gt=last)
            .order_by("id")
            .values_list(*FIELDS)[: min(chunk, capacity - n)]
        )
        if not batch:
            break
        last = batch[-1][0]
        _write_batch(views, codes, pairs, batch, n, storage)
        n += len(batch)
        if progress:
            progress(n, capacity)
    return n, codes, pairs


def _write_batch(
    views: dict[str, np.ndarray],
    codes: dict[str, Codes],
    pairs: dict[str, tuple[list, list]],
    batch: list[tuple],
    n: int,
    storage: str,
) -> None:
    stop = n + len(batch)
    views["doc_ids"][n:stop] = [r[0] for r in batch]
    views["object_ids"][n:stop] = [r[2] for r in batch]
    views["dates"][n:stop] = [day(r[5]) for r in batch]
    views["single.kind"][n:stop] = [codes["kind"].code(r[1]) for r in batch]
    for offset, name in enumerate(SINGLE[1:]):
        column = [codes[name].code(r[7 + offset]) for r in batch]
        views[f"single.{name}"][n:stop] = column
    vectors = np.zeros((len(batch), DIMENSIONS), dtype=np.float32)
    for i, r in enumerate(batch):
        if r[3]:
            vectors[i] = np.frombuffer(bytes(r[3]), dtype=np.float32)
    quantized, scales = quantize(vectors, storage)
    views["vectors"][n:stop] = quantized
    if scales is not None:
        views["scales"][n:stop] = scales
    for i, r in enumerate(batch):
        for name in MULTI:
            for value in (r[6] or {}).get(name, []):
                pairs[name][0].append(n + i)
                pairs[name][1].append(codes[name].code(value))


def quantize(vectors: np.ndarray, storage: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Vectors as stored, and the scale of each row (int8 only)."""
    if storage != "int8":
        return vectors.astype(STORAGES[storage]), None
    scales = np.abs(vectors).max(axis=1) / 127
    scales[scales == 0] = 1
    quantized = np.rint(vectors / scales[:, None]).astype(np.int8)
    return quantized, scales.astype(np.float32)


def _write_pairs(
    writer: _Writer,
    pairs: dict[str, tuple[list, list]],
    codes: dict[str, Codes],
    count: int,
) -> None:
    for name in MULTI:
        rows = np.array(pairs[name][0], dtype=np.int32)
        values = np.array(pairs[name][1], dtype=np.int32)
        # by row (the order they were read in): the facet counts of a result
        # of a few thousand rows read only theirs
        row_starts = np.searchsorted(rows, np.arange(count + 1))
        writer.append(f"by_row.{name}.codes", values)
        writer.append(f"by_row.{name}.starts", row_starts.astype(np.int64))
        order = np.lexsort((rows, values))
        rows, values = rows[order], values[order]
        starts = np.searchsorted(values, np.arange(len(codes[name].values) + 1))
        writer.append(f"pairs.{name}.rows", rows)
        writer.append(f"pairs.{name}.codes", values)
        writer.append(f"pairs.{name}.starts", starts.astype(np.int64))


def _write_lookup(writer: _Writer, rows: int) -> None:
    """Row of each document id, by id: a query looks up thousands of
    full-text matches one by one (a binary search each would cost ~10 µs).
    Ids are dense (documents are hidden, rarely deleted); when they are not,
    the readers search the sorted ids instead."""
    doc_ids = writer.view("doc_ids")[:rows]
    size = int(doc_ids[-1]) + 1 if rows else 0
    if size > 4 * rows + 1_000_000:
        return
    table = np.full(size, -1, dtype=np.int32)
    table[doc_ids] = np.arange(rows, dtype=np.int32)
    writer.append("row_by_id", table)


def _write_coarse(writer: _Writer, rows: int) -> None:
    """The principal directions of a sample of the documents, and every
    document projected on them (scored first, the best rescored in full)."""
    vectors = writer.view("vectors")[:rows]
    scales = writer.view("scales")[:rows] if "scales" in writer.arrays else None

    def exact(chosen: Any) -> np.ndarray:
        out = vectors[chosen].astype(np.float32)
        return out * scales[chosen, None] if scales is not None else out

    sample = np.sort(
        np.random.default_rng(0).choice(rows, size=min(SAMPLE, rows), replace=False)
    )
    # the right singular vectors of the sample, from its 512×512 Gram matrix
    # (an SVD of the sample itself costs ten times more)
    picked = exact(sample)
    _values, directions = np.linalg.eigh(picked.T @ picked)
    projection = np.ascontiguousarray(
        directions[:, ::-1][:, :COARSE_DIMENSIONS], dtype=np.float32
    )
    # int8, a scale per dimension from the sample's extremes (with a margin:
    # the rare document beyond them is clipped, and rescored if it is close)
    steps = np.abs(picked @ projection).max(axis=0) * 1.1 / 127
    steps[steps == 0] = 1
    coarse = writer.view("coarse")
    for start in range(0, rows, 16_384):
        chosen = slice(start, min(start + 16_384, rows))
        projected = np.rint((exact(chosen) @ projection) / steps)
        coarse[chosen] = np.clip(projected, -127, 127).astype(np.int8)
    writer.append("projection", projection)
    writer.append("coarse_scales", steps.astype(np.float32))


# --- keeping it fresh -------------------------------------------------------------


def ensure(path: Path, ident: str, latest: int) -> Snapshot | None:
    """Map the file, building it first when it is missing or newer than the
    database (restored since): one process of the machine builds, the others
    wait for it and map the result."""
    snapshot = open_current(path, ident)
    if snapshot is not None and snapshot.seq <= latest:
        return snapshot
    with machine_lock(path):
        snapshot = open_current(path, ident)  # built while this one waited?
        if snapshot is None or snapshot.seq > latest:
            build(path)
            snapshot = open_current(path, ident)
    return snapshot


def refresh(force: bool = False, wait: bool = True) -> dict[str, Any]:
    """Rebuild this machine's file when enough changed since it was written
    (``force``: always); the task ``search.vector_file`` and the command.
    Without ``wait``, nothing when another process of the machine builds."""
    ident = identity()
    path = path_for(ident)
    with machine_lock(path, wait=wait) as locked:
        if not locked:
            return {"built": False, "reason": "being built by another process"}
        snapshot = open_current(path, ident)
        if (
            snapshot is None
            and not force
            and SearchDocument.objects.count() < FILE_FROM
        ):
            return {"built": False, "reason": "small corpus, kept in memory"}
        if snapshot is not None and not force:
            changed = _changed_since(snapshot.seq)
            age = time.time() - snapshot.header["built_at"]
            snapshot.close()
            # a few changed rows cost each process little memory: wait for more
            if changed == 0 or (changed < REBUILD_AFTER and age < MAX_AGE):
                return {"built": False, "changed": changed}
        header = build(path)
    return {
        "built": True,
        "rows": header["rows"],
        "seq": header["seq"],
        "seconds": header["seconds"],
    }


def _changed_since(seq: int) -> int:

    return SearchDocument.objects.filter(seq__gt=seq).count()


def schedule(local: bool = False) -> None:
    """Ask for a rebuild of the file, at most once per ``DEBOUNCE`` seconds and
    only where a file is in use (a small corpus has none). ``local``: on this
    machine (a reader whose in-memory rows grew; the task runs on whichever
    worker, which may be another machine), in a thread of this process."""

    try:
        path = path_for(identity())
    except Exception:  # noqa: BLE001 - no database at hand: nothing to rebuild
        return
    if not path.exists():
        return
    where = "here" if local else "task"
    key = f"search:vector-file:{where}:{socket.gethostname()}:{path.name}"
    try:
        if not cache.add(key, 1, timeout=DEBOUNCE):
            return
    except Exception:  # noqa: BLE001 - the cache is down: the next change asks again
        return
    if local or settings.TASKS_INLINE:
        # a thread of this process once the change is committed, so no
        # request waits for the file
        thread = threading.Thread(target=_refresh_in_thread, daemon=True)
        transaction.on_commit(thread.start, robust=True)
        return

    enqueue("search.vector_file")


def _refresh_in_thread() -> None:

    try:
        # by name: the task also rewrites the stored vectors' files, whose
        # module (uprtc.embeddings.store) builds on this one
        run("search.vector_file", {"wait": False})
    except Exception:
        log.exception("rebuilding the vector file failed")
    finally:
        connections.close_all()


def status() -> dict[str, Any]:
    ident = identity()
    path = path_for(ident)
    snapshot = open_current(path, ident)
    out: dict[str, Any] = {"path": str(path), "exists": path.exists()}
    if snapshot is not None:
        out.update(
            rows=snapshot.rows,
            seq=snapshot.seq,
            storage=snapshot.storage,
            bytes=os.path.getsize(path),
            built_at=snapshot.header["built_at"],
            seconds=snapshot.header["seconds"],
            changed_since=_changed_since(snapshot.seq),
        )
        snapshot.close()
    return out
