"""Load: gunicorn in production mode on PostgreSQL, N clients browsing and
searching for a while; requests/s, latency percentiles and errors.

    python bench/load.py                      # 4 workers, 50 clients, 60 s
    python bench/load.py --clients 20 --duration 30 --restart-db-at 10 \
        --pg-port 5439 --pg-cluster uprtcbench   # see bench/faults.py

The database (``uprtc_loadbench`` on the given PostgreSQL) is created,
migrated and loaded with ``uprtc load-demo`` the first time and reused after
(``--fresh`` rebuilds it). Clients are threads with one HTTP connection each
(the standard library's, so the client costs little CPU next to the server);
every request and its outcome is kept, so that ``--restart-db-at`` can report
when errors began and ended. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, get, machine, processes, server_env  # noqa: E402

BIN = Path(sys.executable).parent
DB_NAME = "uprtc_loadbench"
REDIS = "redis://127.0.0.1:6379/14"  # a Redis database of its own, flushed


# share of requests that are new searches (set by --uncached-share)
UNCACHED_SHARE = 0.0
TAIL_WORDS = [
    "torture",
    "prevention",
    "detention",
    "police",
    "judges",
    "training",
    "women",
    "children",
    "education",
    "health",
    "disability",
    "migrants",
    "refugees",
    "elections",
    "media",
    "freedom",
    "expression",
    "assembly",
    "justice",
    "courts",
    "prisons",
    "violence",
    "trafficking",
    "labour",
    "indigenous",
    "minorities",
    "discrimination",
    "poverty",
    "water",
    "housing",
    "climate",
    "corruption",
    "ombudsman",
    "institution",
    "reporting",
    "treaty",
    "ratification",
]


@dataclass
class Hit:
    start: float  # seconds since the measured run began
    latency: float
    kind: str
    status: int  # 0: no answer (connection refused, reset, timeout)
    error: str = ""
    cached: bool = False  # served from the anonymous page cache


def pg_url(port: int, name: str) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{name}"


def prepare_database(port: int, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(pg_url(port, "postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname=%s", [DB_NAME]
        ).fetchone()
        if exists and not fresh:
            with psycopg.connect(pg_url(port, DB_NAME)) as db:
                loaded = db.execute(
                    "SELECT to_regclass('activities_activity') IS NOT NULL"
                ).fetchone()[0]
                if (
                    loaded
                    and db.execute(
                        "SELECT count(*) FROM activities_activity"
                    ).fetchone()[0]
                ):
                    return
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    env = dict(os.environ, DEBUG="1", DATABASE_URL=pg_url(port, DB_NAME))
    env.pop("REDIS_URL", None)
    print("migrating and loading the demo …", flush=True)
    for args in (["migrate", "--no-input", "-v0"], ["load-demo"]):
        subprocess.run([BIN / "uprtc", *args], env=env, check=True, cwd=REPO)


def urls(http_port: int) -> list[tuple[str, str]]:
    """(kind, path) pairs over what the public reads: pages, search in the six
    languages, the API, country and coverage pages. Activities are published
    ones, as the API lists them."""
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
    conn.request("GET", "/api/v1/activities?limit=60")
    activity_ids = [
        item["id"] for item in json.loads(conn.getresponse().read())["items"]
    ]
    q = urllib.parse.quote
    out = [
        ("home", "/en/"),
        ("home", "/fr/"),
        ("activity list", "/en/activities/"),
        ("activity list", "/es/activities/?country=MOZ"),
        ("country page", "/en/countries/SVN/"),
        ("country page", "/ru/countries/MOZ/"),
        ("coverage", "/en/coverage/SVN/"),
        ("coverage", "/en/coverage/"),
        ("api list", "/api/v1/activities"),
        ("api list", "/api/v1/activities?country=NGA"),
        ("api search", "/api/v1/search?q=" + q("human rights training")),
        ("api search", "/api/v1/search?q=" + q("droits de l'homme")),
    ]
    for lang, words in [
        ("en", "torture prevention"),
        ("fr", "prévention de la torture"),
        ("es", "derechos de las mujeres"),
        ("ar", "حقوق الإنسان"),
        ("zh-hans", "人权教育"),
        ("ru", "права человека"),
    ]:
        out.append(("search", f"/{lang}/search/?q={q(words)}"))
    for pk in activity_ids[:: max(1, len(activity_ids) // 12)]:
        out.append(("activity detail", f"/en/activities/{pk}/"))
    return out


def start_server(args: argparse.Namespace, log_path: Path) -> subprocess.Popen:
    static = Path(tempfile.mkdtemp(prefix="uprtc-static-"))
    env = server_env(
        DATABASE_URL=pg_url(args.pg_port, DB_NAME),
        REDIS_URL=args.redis_url,
        STATIC_ROOT=str(static),
        WEB_CONCURRENCY=str(args.workers),
        PORT=str(args.port),
        PAGE_CACHE_SECONDS="0" if args.no_page_cache else "600",
    )
    subprocess.run(
        [BIN / "uprtc", "collectstatic", "--no-input", "-v0"], env=env, check=True
    )
    if args.redis_url == REDIS:
        import redis

        redis.Redis.from_url(REDIS).flushdb()
    log = log_path.open("w")
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "uprtc.wsgi"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            conn.request("GET", "/healthz")
            # 503 too: with --redis-url on a closed port the health check fails
            if conn.getresponse().status in (200, 503):
                return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit(f"gunicorn did not answer; see {log_path}")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def client(
    port: int,
    plan: list[tuple[str, str]],
    t0: float,
    until: float,
    hits: list[Hit],
    seed: int,
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while (now := time.monotonic()) < until:
        kind, path = rng.choice(plan)
        if rng.random() < UNCACHED_SHARE:
            # a query nobody asked before: the long tail no cache absorbs
            words = " ".join(rng.sample(TAIL_WORDS, 3))
            kind, path = "new search", f"/en/search/?q={urllib.parse.quote(words)}"
        try:
            response = get(conn, path)
            hit = Hit(
                now - t0,
                time.monotonic() - now,
                kind,
                response.status,
                cached=response.getheader("X-Cache") == "hit",
            )
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            hit = Hit(now - t0, time.monotonic() - now, kind, 0, type(exc).__name__)
            time.sleep(0.05)  # a refused connection would otherwise spin
        hits.append(hit)  # list.append is atomic under the GIL


def run_clients(
    args: argparse.Namespace, plan: list[tuple[str, str]], duration: float, n: int
) -> tuple[list[Hit], float]:
    hits: list[Hit] = []
    t0 = time.monotonic()
    threads = [
        threading.Thread(
            target=client, args=(args.port, plan, t0, t0 + duration, hits, i)
        )
        for i in range(n)
    ]
    restarter = None
    if args.restart_db_at is not None:
        restarter = threading.Timer(args.restart_db_at, restart_db, args=(args,))
        restarter.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if restarter:
        restarter.join()
    return hits, time.monotonic() - t0


RESTART: dict[str, float] = {}


def restart_db(args: argparse.Namespace) -> None:
    start = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", args.pg_version, args.pg_cluster, "restart"], check=True
    )
    RESTART["took"] = time.monotonic() - start


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time of gunicorn's master and workers so far, those recycled
    included (their time is counted in the master's children's time)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid, fields in processes():
        if int(fields[2]) != server.pid:  # process group: the server's session
            continue
        utime, stime, cutime, cstime = map(int, fields[11:15])
        total += utime + stime
        if pid == server.pid:
            total += cutime + cstime
    return total / tick


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(hits: list[Hit], elapsed: float, args: argparse.Namespace) -> dict:
    ok = [h for h in hits if 200 <= h.status < 400]
    bad = [h for h in hits if not 200 <= h.status < 400]
    lat = [h.latency * 1000 for h in ok] or [0.0]
    summary = {
        "requests": len(hits),
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(hits) / elapsed, 1),
        "p50_ms": round(pct(lat, 50)),
        "p95_ms": round(pct(lat, 95)),
        "p99_ms": round(pct(lat, 99)),
        "errors": len(bad),
        "from_cache": round(sum(h.cached for h in hits) / max(1, len(hits)), 3),
    }
    print(json.dumps(summary))
    print(f"{'kind':<16} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for kind in sorted({h.kind for h in hits}):
        mine = [h for h in hits if h.kind == kind]
        good = [h.latency * 1000 for h in mine if 200 <= h.status < 400] or [0.0]
        errors = sum(1 for h in mine if not 200 <= h.status < 400)
        print(
            f"{kind:<16} {len(mine):>6} {statistics.median(good):>7.0f} "
            f"{pct(good, 95):>7.0f} {errors:>6}"
        )
    if bad:
        kinds: dict[str, int] = {}
        for h in bad:
            key = h.error or str(h.status)
            kinds[key] = kinds.get(key, 0) + 1
        print("errors by kind:", kinds)
        first, last = min(h.start for h in bad), max(h.start for h in bad)
        after = [h for h in hits if h.start > last]
        summary.update(
            first_error_s=round(first, 1),
            last_error_s=round(last, 1),
            error_window_s=round(last - first, 1),
            requests_after_window=len(after),
        )
        print(
            f"errors from t={first:.1f}s to t={last:.1f}s "
            f"({last - first:.1f} s); {len(after)} requests after it, all answered"
        )
    if args.restart_db_at is not None:
        print(
            f"database restarted at t={args.restart_db_at:.0f}s "
            f"(pg_ctlcluster took {RESTART.get('took', 0):.1f} s)"
        )
        per_second: dict[int, list[int]] = {}
        for h in hits:
            ok_err = per_second.setdefault(int(h.start), [0, 0])
            ok_err[0 if 200 <= h.status < 400 else 1] += 1
        print("second: answered/errors")
        print(" ".join(f"{s}:{a}/{e}" for s, (a, e) in sorted(per_second.items())))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-version", default="15")
    parser.add_argument("--pg-cluster", default="uprtcbench")
    parser.add_argument("--restart-db-at", type=float, help="seconds into the run")
    parser.add_argument("--redis-url", default=REDIS, help="e.g. a closed port")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="render every page afresh"
    )
    parser.add_argument(
        "--uncached-share",
        type=float,
        default=0.0,
        help="share of requests that are searches never asked before (0-1)",
    )
    args = parser.parse_args()
    global UNCACHED_SHARE
    UNCACHED_SHARE = args.uncached_share

    print(machine())
    prepare_database(args.pg_port, args.fresh)
    log_path = Path(tempfile.gettempdir()) / f"uprtc-load-{args.port}.log"
    server = start_server(args, log_path)
    try:
        plan = urls(args.port)
        # each worker loads the embedding model on its first search: not measured
        run_clients(
            argparse.Namespace(**{**vars(args), "restart_db_at": None}),
            plan,
            args.warmup,
            min(args.clients, 2 * args.workers),
        )
        print(
            f"gunicorn {args.workers} workers, {args.clients} clients, "
            f"{args.duration:.0f} s, {len(plan)} URLs, page cache "
            f"{'off' if args.no_page_cache else 'on'}, new searches "
            f"{args.uncached_share:.0%} (server log: {log_path})",
            flush=True,
        )
        cpu_before, client_before = server_cpu_seconds(server), time.process_time()
        hits, elapsed = run_clients(args, plan, args.duration, args.clients)
        server_cpu = server_cpu_seconds(server) - cpu_before
        client_cpu = time.process_time() - client_before
    finally:
        stop(server)
    summary = report(hits, elapsed, args)
    answered = max(1, sum(1 for h in hits if h.status))
    print(
        f"server CPU {server_cpu:.1f} s = {1000 * server_cpu / answered:.2f} ms "
        f"per request; the clients' own CPU {client_cpu:.1f} s "
        f"({1000 * client_cpu / answered:.2f} ms per request)"
    )
    summary.update(
        server_cpu_ms_per_request=round(1000 * server_cpu / answered, 2),
        client_cpu_ms_per_request=round(1000 * client_cpu / answered, 2),
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
