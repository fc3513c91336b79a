"""Faults, on a PostgreSQL cluster of the benchmark's own (``uprtcbench``,
port 5439, created here with pg_createcluster when missing, as root) so that
restarting it disturbs nobody else's database:

    python bench/faults.py import-kill   # SIGKILL an import mid-way, rerun, compare
    python bench/faults.py db-restart    # restart PostgreSQL under load
    python bench/faults.py db-restart-uncached   # the same, page cache off
    python bench/faults.py redis-down    # stop Redis ~10 s under load, restart it
    python bench/faults.py all

The database restart runs twice: as deployed (anonymous pages mostly from the
page cache in Redis, so few requests reach the database) and with the page
cache off, so that every request meets the restart. Redis down uses a
redis-server of the benchmark's own (port 6390, nothing persisted), stopped
and started again in the middle of a load run. Both are also pytest tests
(uprtc/core/tests/test_outage.py, uprtc/core/tests/test_health.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine, shared_data  # noqa: E402

BIN = Path(sys.executable).parent
CLUSTER, VERSION, PORT = "uprtcbench", "15", 5439
REDIS_PORT = 6390  # a redis-server of our own: stopping it disturbs nobody
HTTP_PORT = "8766"  # beside bench/load.py's default, in case both run
ADMIN = f"postgres://postgres@127.0.0.1:{PORT}/postgres"


def ensure_cluster() -> None:
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    if CLUSTER not in listed.stdout:
        subprocess.run(
            ["pg_createcluster", VERSION, CLUSTER, "-p", str(PORT), "--start", "--"]
            + ["--auth-host=trust", "--auth-local=trust"],
            check=True,
        )
    subprocess.run(["pg_ctlcluster", VERSION, CLUSTER, "start"], check=False)


def sql(statement: str, db: str = "postgres") -> list[tuple]:
    import psycopg

    url = f"postgres://postgres@127.0.0.1:{PORT}/{db}"
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else []


def clone(name: str) -> str:
    sql(f"DROP DATABASE IF EXISTS {name}")
    sql(f"CREATE DATABASE {name} TEMPLATE uprtc_faults_base")
    return f"postgres://postgres@127.0.0.1:{PORT}/{name}"


def fingerprint(db: str) -> dict[str, int]:
    """Row counts of every table the import and the search index write."""
    tables = [
        r[0]
        for r in sql(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND "
            "(tablename LIKE 'recommendations_%' OR tablename LIKE 'search_%')",
            db,
        )
    ]
    return {t: sql(f"SELECT count(*) FROM {t}", db)[0][0] for t in sorted(tables)}


def import_cmd(url: str, path: Path) -> tuple[list, dict]:
    env = dict(os.environ, DEBUG="1", DATABASE_URL=url)
    env.pop("REDIS_URL", None)
    return [
        BIN / "uprtc",
        "import-recommendations",
        str(path),
        "--format",
        "upr-info",
    ], env


def import_kill() -> None:
    path = shared_data() / "upr-info-terman" / "1-5.csv"
    if not sql("SELECT 1 FROM pg_database WHERE datname='uprtc_faults_base'"):
        sql("CREATE DATABASE uprtc_faults_base")
        env = dict(os.environ, DEBUG="1")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{PORT}/uprtc_faults_base"
        subprocess.run(
            [BIN / "uprtc", "migrate", "--no-input", "-v0"], env=env, check=True
        )

    url = clone("uprtc_faults_clean")
    cmd, env = import_cmd(url, path)
    start = time.monotonic()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    took = time.monotonic() - start
    clean = fingerprint("uprtc_faults_clean")
    print(f"clean import of {path.name}: {took:.1f} s (process start included)")
    print(f"  {clean}")

    # the import writes in a few seconds; indexing (embeddings) takes the rest
    for fraction in (0.04, 0.07, 0.5, 0.9):
        name = f"uprtc_faults_kill{int(fraction * 100)}"
        url = clone(name)
        cmd, env = import_cmd(url, path)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
        time.sleep(fraction * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after_kill = fingerprint(name)
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        rerun = fingerprint(name)
        killed = {t: n for t, n in after_kill.items() if n}
        print(
            f"SIGKILL at {fraction:.0%} ({fraction * took:.1f} s): rows left "
            f"{killed or 'none'}; after rerun identical to clean: {rerun == clean}"
        )
        if rerun != clean:
            diff = {t: (rerun[t], clean[t]) for t in clean if rerun[t] != clean[t]}
            print(f"  differs (rerun, clean): {diff}")
        sql(f"DROP DATABASE {name}")
    sql("DROP DATABASE uprtc_faults_clean")


def load_cmd(*extra: str) -> list[str]:
    return [
        sys.executable,
        "-u",
        str(REPO / "bench" / "load.py"),
        *("--pg-port", str(PORT), "--pg-cluster", CLUSTER, "--pg-version", VERSION),
        *("--port", HTTP_PORT),
        *extra,
    ]


def db_restart(page_cache: bool = True) -> None:
    cmd = load_cmd("--clients", "20", "--duration", "30", "--restart-db-at", "10")
    subprocess.run(cmd + ([] if page_cache else ["--no-page-cache"]), check=True)


def db_restart_uncached() -> None:
    db_restart(page_cache=False)


def start_redis() -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=REDIS_PORT, socket_connect_timeout=1)
    for _ in range(50):
        try:
            client.ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"redis-server did not start on port {REDIS_PORT}")


def redis_down(stop_at: float = 10, down_for: float = 10) -> None:
    """bench/load.py's clients and server, with Redis (cache, page cache,
    broker) stopped ``stop_at`` seconds into the measured run and started
    again, empty, ``down_for`` seconds later."""
    import argparse
    import tempfile
    import threading

    import load

    args = argparse.Namespace(
        clients=20,
        duration=40.0,
        workers=4,
        port=int(HTTP_PORT),
        pg_port=PORT,
        pg_version=VERSION,
        pg_cluster=CLUSTER,
        restart_db_at=None,
        redis_url=f"redis://127.0.0.1:{REDIS_PORT}/0",
        warmup=10.0,
        no_page_cache=False,
        uncached_share=0.0,
    )
    redis_proc = start_redis()
    events: dict[str, float] = {}

    def outage(t0: float) -> None:
        nonlocal redis_proc
        time.sleep(stop_at)
        redis_proc.terminate()
        redis_proc.wait(10)
        events["stopped"] = time.monotonic() - t0
        time.sleep(down_for)
        redis_proc = start_redis()
        events["back"] = time.monotonic() - t0

    load.prepare_database(PORT, fresh=False)
    log_path = Path(tempfile.gettempdir()) / f"uprtc-load-{HTTP_PORT}.log"
    server = load.start_server(args, log_path)
    try:
        plan = load.urls(args.port)
        load.run_clients(args, plan, args.warmup, 8)
        print(f"20 clients, {args.duration:.0f} s (server log: {log_path})")
        timer = threading.Thread(target=outage, args=(time.monotonic(),))
        timer.start()
        hits, elapsed = load.run_clients(args, plan, args.duration, args.clients)
        timer.join()
    finally:
        load.stop(server)
        redis_proc.terminate()
        redis_proc.wait(10)
    load.report(hits, elapsed, args)
    print(
        f"Redis stopped at t={events['stopped']:.1f}s, back (empty) at "
        f"t={events['back']:.1f}s"
    )
    per_second: dict[int, list[int]] = {}
    for h in hits:
        counts = per_second.setdefault(int(h.start), [0, 0, 0])
        counts[0 if 200 <= h.status < 400 else 1] += 1
        counts[2] += getattr(h, "cached", False)
    down = [
        h.latency * 1000
        for h in hits
        if events["stopped"] <= h.start < events["back"] and h.status
    ]
    if down:
        print(
            f"while Redis was down: {len(down)} answered, p50 "
            f"{load.pct(down, 50):.0f} ms, p95 {load.pct(down, 95):.0f} ms"
        )
    print("second: answered/errors/from the page cache")
    print(" ".join(f"{s}:{a}/{e}/{c}" for s, (a, e, c) in sorted(per_second.items())))


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    print(machine())
    ensure_cluster()
    steps = {
        "import-kill": import_kill,
        "db-restart": db_restart,
        "db-restart-uncached": db_restart_uncached,
        "redis-down": redis_down,
    }
    for name, step in steps.items():
        if which in (name, "all"):
            print(f"== {name}", flush=True)
            step()


if __name__ == "__main__":
    main()
