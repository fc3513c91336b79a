"""Faults, on a PostgreSQL cluster of the benchmark's own (``uprtcbench``,
port 5439, created here with pg_createcluster when missing, as root) so that
restarting it disturbs nobody else's database:

    python bench/faults.py import-kill   # SIGKILL an import mid-way, rerun, compare
    python bench/faults.py db-restart    # restart PostgreSQL under load
    python bench/faults.py redis-down    # load with REDIS_URL on a closed port
    python bench/faults.py all

Redis down is also a pytest test (uprtc/core/tests/test_health.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine, shared_data  # noqa: E402

BIN = Path(sys.executable).parent
CLUSTER, VERSION, PORT = "uprtcbench", "15", 5439
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


def db_restart() -> None:
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "load.py"), "--pg-port", str(PORT)]
        + ["--pg-cluster", CLUSTER, "--pg-version", VERSION]
        + ["--clients", "20", "--duration", "30", "--restart-db-at", "10"],
        check=True,
    )


def redis_down() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "load.py"), "--pg-port", str(PORT)]
        + ["--clients", "10", "--duration", "15", "--warmup", "5"]
        + ["--redis-url", f"redis://127.0.0.1:{closed}/0"],
        check=True,
    )


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    print(machine())
    ensure_cluster()
    steps = {
        "import-kill": import_kill,
        "db-restart": db_restart,
        "redis-down": redis_down,
    }
    for name, step in steps.items():
        if which in (name, "all"):
            print(f"== {name}", flush=True)
            step()


if __name__ == "__main__":
    main()
