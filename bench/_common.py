"""Shared by the benchmarks: a fresh database per run, in a child process."""

from __future__ import annotations

import csv
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()}: {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def shared_data() -> Path:
    for candidate in (
        os.environ.get("UPRTC_SHARED_DATA"),
        REPO.parent / "shared" / "data",
        "/work/shared/data",
    ):
        if candidate and Path(candidate, "upr-info-terman").is_dir():
            return Path(candidate)
    sys.exit("set UPRTC_SHARED_DATA to the folder holding upr-info-terman/")


def run_children(
    script: str, dbs: list[str], extra: list[str] | None = None, keep: str = ""
) -> None:
    """Re-run ``script --child`` once per database, each on a fresh database
    (or on the database named ``keep`` when it already exists)."""
    for db in dbs:
        env = dict(os.environ, DEBUG="1")
        with tempfile.TemporaryDirectory() as tmp:
            if db == "sqlite":
                path = Path(keep) if keep else Path(tmp) / "bench.sqlite3"
                env["DATABASE_URL"] = f"sqlite:///{path}"
            else:
                import psycopg

                name = keep or "uprtc_bench"
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname=%s", [name]
                    ).fetchone()
                    if not keep or not exists:
                        conn.execute(f"DROP DATABASE IF EXISTS {name}")
                        conn.execute(f"CREATE DATABASE {name}")
                env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
            subprocess.run(
                [sys.executable, script, "--db", db, "--child", *(extra or [])],
                env=env,
                check=True,
            )


def setup_django() -> None:
    import django

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uprtc.settings")
    django.setup()
    from django.conf import settings

    # notifications would flood the console
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def sdg_targets() -> list[dict[str, str]]:
    """The 169 SDG targets, one row each, with their text in six languages."""
    path = (
        shared_data()
        / "sdg-open-sdg-translations"
        / "sdg_goals_targets_indicators_6lang.csv"
    )
    with path.open(encoding="utf-8") as fh:
        return [
            r
            for r in csv.DictReader(fh)
            if r["level"] == "target" and r["field"] == "title"
        ]
