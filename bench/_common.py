"""Shared by the benchmarks: a fresh database per run, in a child process."""

from __future__ import annotations

import argparse
import csv
import http.client
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
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


def parser(db: str | None = None) -> argparse.ArgumentParser:
    """The options every benchmark takes: ``--db``, the database (each of the
    benchmark's own when none is given), and the internal ``--child``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default=db)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(
    script: str,
    child: Callable[[argparse.Namespace], None],
    dbs: tuple[str, ...] = ("sqlite",),
) -> None:
    """The whole command line of a benchmark with no options of its own: the
    parent prints the machine and runs ``child`` once per database, each in
    a child process on a fresh database."""
    args = parser().parse_args()
    if args.child:
        child(args)
        return
    print(machine())
    run_children(script, [args.db] if args.db else list(dbs))


def get(conn: http.client.HTTPConnection, path: str) -> http.client.HTTPResponse:
    """``path`` as a browser asks for it (gzip), its body read to the end so
    that the connection can serve the next request."""
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    return response


def server_env(**settings: str) -> dict[str, str]:
    """The environment of a server run as in production, on loopback, plus
    ``settings``: DEBUG off, plain HTTP, warnings only (one log line per
    request would cost the server CPU), no rate limit on the one address
    every client comes from."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "API_RATE_ADDRESS": "1000000/min",
        **settings,
    }


class Quiet:
    """An output stream that drops what management commands write."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def processes() -> Iterator[tuple[int, list[str]]]:
    """(pid, fields of /proc/<pid>/stat after the command name) of each live
    process: ``fields[1]`` is the parent, ``fields[2]`` the process group,
    ``fields[11:15]`` utime, stime, cutime and cstime in clock ticks."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        yield int(entry.name), fields
