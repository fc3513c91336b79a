"""Server time of the public face (issue 14): home, a country profile and the
statistics page, p50/p95 over many requests on the demo, anonymous and in
English and Arabic. Target: home and country profile p95 < 100 ms.

Measured inside one process through Django's test client (URL routing,
middleware, views, templates, database), i.e. the time a web worker spends
on the request; no network or gzip. Two figures per page:

* cold: the publication version bumped before every request, so the cached
  map and charts are rebuilt each time (what the first visitor after a
  change pays);
* warm: the ordinary case, maps and charts from the cache.

    .venv/bin/python bench/public_pages.py [--var DIR] [--n 200]

Without --var a fresh demo is loaded into a temporary folder (about 40 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, machine, server_env

PAGES = ["/{lang}/", "/{lang}/countries/SVN/", "/{lang}/statistics/"]
LANGS = ["en", "ar"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load_demo(var: Path) -> None:
    env = {**os.environ, "UPRTC_VAR_DIR": str(var), "DEBUG": "1"}
    uprtc = str(REPO / ".venv" / "bin" / "uprtc")
    for step in (["migrate", "--no-input", "-v", "0"], ["load-demo"]):
        subprocess.run([uprtc, *step], env=env, check=True, stdout=subprocess.DEVNULL)


def measure(n: int) -> list[tuple[str, str, float, float, float, float]]:
    from django.test import Client

    from uprtc.core import publication

    client = Client()
    rows = []
    for template in PAGES:
        for lang in LANGS:
            path = template.format(lang=lang)
            assert client.get(path).status_code == 200, path
            cold, warm = [], []
            for i in range(n):
                bump = i % 2 == 0
                if bump:
                    publication.bump()
                start = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, path
                (cold if bump else warm).append(elapsed)
            rows.append(
                (
                    path,
                    lang,
                    statistics.median(warm),
                    percentile(warm, 0.95),
                    statistics.median(cold),
                    percentile(cold, 0.95),
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", help="UPRTC_VAR_DIR of a loaded demo")
    parser.add_argument("--n", type=int, default=200, help="requests per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uprtc-bench-pages-") as tmp:
        var = Path(args.var or tmp)
        if not args.var:
            load_demo(var)
        # DEBUG off: no SQL kept per query, templates cached, hashed static
        # files, as in production (plain HTTP: the bench has no TLS in front)
        os.environ.update(
            server_env(
                UPRTC_VAR_DIR=str(var),
                STATIC_ROOT=str(Path(tmp) / "static"),
                ALLOWED_HOSTS="testserver",
                DATABASE_CONN_MAX_AGE="0",
                DJANGO_SETTINGS_MODULE="uprtc.settings",
            )
        )
        sys.path.insert(0, str(REPO))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("collectstatic", "--no-input", verbosity=0)
        rows = measure(args.n)
    print(machine())
    print(f"{args.n} requests per page, half after a publication change (cold)")
    print("| page | warm p50 | warm p95 | cold p50 | cold p95 |")
    print("| --- | --- | --- | --- | --- |")
    for path, _lang, wp50, wp95, cp50, cp95 in rows:
        cells = " | ".join(f"{v:.1f} ms" for v in (wp50, wp95, cp50, cp95))
        print(f"| {path} | {cells} |")


if __name__ == "__main__":
    main()
