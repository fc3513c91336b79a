"""Benchmark: import the whole UPR Info export (41k rows) on SQLite and PostgreSQL.

    DEBUG=1 .venv/bin/python bench/import_recommendations.py [--db sqlite|postgres]

Each database starts empty and migrated. Prints, per file and in total, rows
read, recommendations created, seconds and rows per second, then the time of a
second, idempotent import of the same files. The data folder comes from
UPRTC_SHARED_DATA (default ../shared/data); it is not shipped (no licence).
"""

from __future__ import annotations

import time

import _common as bench
from _common import setup_django, shared_data

FILES = ["1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv", "voluntary.csv"]


def run_one(db: str) -> None:
    """Runs inside a child process whose DATABASE_URL is already set."""
    setup_django()
    from django.core.management import call_command

    from uprtc.recommendations.importers import upr_info
    from uprtc.recommendations.services import import_recommendations

    call_command("migrate", verbosity=0)
    folder = shared_data() / "upr-info-terman"
    for label in ("first import", "re-import"):
        total_rows = total_created = 0
        started = time.perf_counter()
        for name in FILES:
            t0 = time.perf_counter()
            parsed = upr_info.parse(folder / name)
            t1 = time.perf_counter()
            summary = import_recommendations(parsed, source="upr-info", file_name=name)
            t2 = time.perf_counter()
            total_rows += summary.read
            total_created += summary.created
            if label == "first import":
                print(
                    f"  {db:8} {name:14} rows {summary.read:6}  created "
                    f"{summary.created:6}  parse {t1 - t0:5.2f}s  write {t2 - t1:5.2f}s"
                )
        elapsed = time.perf_counter() - started
        print(
            f"{db:8} {label:12}: {total_rows} rows, {total_created} created in "
            f"{elapsed:.2f}s = {total_rows / elapsed:,.0f} rows/s"
        )


if __name__ == "__main__":
    bench.main(__file__, lambda args: run_one(args.db), ("sqlite", "postgres"))
