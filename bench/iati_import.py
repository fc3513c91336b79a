"""Benchmark: IATI as a real source (issue 18).

    DEBUG=1 .venv/bin/python bench/iati_import.py [--db sqlite|postgres] [--mb 50]
    DEBUG=1 .venv/bin/python bench/iati_import.py --generate OUT.xml [--mb 50]

1. The real D-Portal files (``iati-real-activities-dportal/``: the
   human-rights subset and ``foodsecurity/dportal.xml``), strict and lenient,
   each on an empty database: read, imported, imported with warnings, needing
   States, rejected; checks read = imported + updated + unchanged + rejected.
2. A generated file of about ``--mb`` MB (the real activities repeated with
   new identifiers) imported by ``uprtc import-iati`` in a process of its own:
   time, activities/s and that process's peak RSS.

Embeddings are left to the worker (``TASKS_INLINE=0``: outbox rows, as in
production with a broker), so the figure is the import's own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from _common import REPO, machine, run_children, setup_django, shared_data
from lxml import etree

CONTRACT = ("imported", "updated", "unchanged", "rejected")


def real_files() -> list[Path]:
    folder = shared_data() / "iati-real-activities-dportal"
    return [
        folder / "dportal_humanrights_subset.xml",
        folder / "foodsecurity" / "dportal.xml",
    ]


def generate(out: Path, megabytes: int) -> int:
    """Write ~``megabytes`` MB of real activities, each copy with a new
    iati-identifier; streamed, so the generator's memory stays small too."""
    sources = [
        etree.tostring(a)
        for path in real_files()
        for a in etree.parse(str(path)).getroot().iterchildren("iati-activity")
    ]
    limit, written, count, copy = megabytes * 2**20, 0, 0, 0
    with out.open("wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write(b'<iati-activities version="2.03">\n')
        while written < limit:
            copy += 1
            for raw in sources:
                element = etree.fromstring(raw)
                identifier = element.find("iati-identifier")
                identifier.text = f"{(identifier.text or '').strip()}-copy{copy}"
                data = etree.tostring(element) + b"\n"
                handle.write(data)
                written += len(data)
                count += 1
                if written >= limit:
                    break
        handle.write(b"</iati-activities>\n")
    return count


def check(counts: dict) -> str:
    total = sum(counts[k] for k in CONTRACT)
    return (
        "nothing lost" if total == counts["read"] else f"LOST {counts['read'] - total}"
    )


def real(db: str) -> None:
    setup_django()
    from django.core.management import call_command

    from uprtc.activities.models import Activity
    from uprtc.iati.services import import_iati

    call_command("migrate", verbosity=0)
    print(f"## {db}: real D-Portal files")
    print(
        "| file | mode | read | imported | with warnings | needing States | "
        "updated | unchanged | rejected | s | check |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for path in real_files():
        for strict in (True, False):
            Activity.objects.all().delete()
            started = time.perf_counter()
            report = import_iati(
                path, actor="bench", file_name=path.name, strict=strict
            )
            seconds = time.perf_counter() - started
            c = report.counts()
            mode = "strict" if strict else "lenient"
            print(
                f"| {path.parent.name}/{path.name} | {mode} "
                f"| {c['read']} | {c['imported']} | {c['imported_with_warnings']} | "
                f"{c['needs_states']} | {c['updated']} | {c['unchanged']} | "
                f"{c['rejected']} | {seconds:.1f} | {check(c)} |"
            )


def big(db: str, megabytes: int) -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"uprtc-iati-{megabytes}mb.xml"
    count = generate(out, megabytes)
    size = out.stat().st_size / 2**20
    env = dict(os.environ, TASKS_INLINE="0")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "import-iati", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    counts = json.loads(done.stdout.splitlines()[-1])
    out.unlink()
    print(f"## {db}: generated file, {size:.1f} MB, {count} activities")
    print(
        f"time {seconds:.1f} s, {counts['read'] / seconds:.1f} activities/s, "
        f"peak RSS of the import process {peak:.0f} MB; {json.dumps(counts)}; "
        f"{check(counts)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--generate", type=Path, metavar="OUT")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--part", choices=["real", "big"], default="real")
    args = parser.parse_args()
    if args.generate:
        print(f"{generate(args.generate, args.mb)} activities in {args.generate}")
        return
    if args.child:
        real(args.db) if args.part == "real" else big(args.db, args.mb)
        return
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    os.environ["TASKS_INLINE"] = "0"  # embeddings are the worker's
    for part in ("real", "big"):
        # a database of its own: others' benchmarks use "uprtc_bench"
        keep = ""
        if args.db == "postgres":
            keep = "uprtc_bench_iati"
            fresh_postgres(keep)
        extra = ["--part", part, "--mb", str(args.mb)]
        run_children(__file__, [args.db], extra, keep=keep)


def fresh_postgres(name: str) -> None:
    import psycopg
    from _common import PG_ADMIN

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


if __name__ == "__main__":
    main()
