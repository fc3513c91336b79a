"""Scale-out on one machine (issue 16): HAProxy (deploy/haproxy.cfg) in front of
two gunicorn instances on two ports, two Celery workers (concurrency 1,
hostnames w1 and w2) and one beat, on PostgreSQL and Redis, as several
machines would run them.

    python bench/scaleout.py [--clients 20] [--duration 30]

1. Load shared: clients browse through the proxy (bench/load.py's addresses);
   requests per instance counted from the proxy's ``X-Served-By`` header.
2. An instance lost: web2 SIGKILLed in the middle of a second run and started
   again 10 s later; what the clients saw.
3. A worker lost mid-task: an annual report is queued (``reports.process``);
   once a worker is building it, that worker is SIGKILLed whole (its main
   process and pool process); the other worker finishes it.

The database, ``uprtc_scaleout``, is a copy of bench/load.py's demo database
(``uprtc load-demo``) on the benchmark's own PostgreSQL cluster (port 5439,
see bench/faults.py), made afresh each run. Redis: database 12 of 127.0.0.1:6379,
flushed. For step 3 the broker's visibility timeout is 20 s and a job counts
as stuck after 10 s without a sign of life (production: 3600 s and 900 s):
a task whose worker died whole comes back only after the visibility timeout.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import faults  # noqa: E402
import load  # noqa: E402
from _common import REPO, get, machine, processes, server_env  # noqa: E402

BIN = Path(sys.executable).parent
DB_NAME = "uprtc_scaleout"
REDIS = "redis://127.0.0.1:6379/12"  # a Redis database of its own, flushed
PROXY, WEB = 8800, {"web1": 8801, "web2": 8802}
VISIBILITY_TIMEOUT, JOB_STUCK_AFTER = 20, 10


@dataclass
class Hit:
    start: float
    latency: float
    status: int  # 0: no answer
    served_by: str
    cached: bool


class Deployment:
    """Every process of the deployment, each in a session of its own so that
    a SIGKILL takes a whole gunicorn or Celery worker (children included)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = server_env(
            DATABASE_URL=load.pg_url(faults.PORT, DB_NAME),
            REDIS_URL=REDIS,
            STATIC_ROOT=str(workdir / "static"),
            MEDIA_ROOT=str(workdir / "media"),  # shared by web and workers
            WEB_CONCURRENCY="2",  # two instances × 2 = bench/load.py's 4 workers
            TRUSTED_PROXY_COUNT="1",
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            JOB_STUCK_AFTER=str(JOB_STUCK_AFTER),
            UPRTC_PROXY_BIND=f"127.0.0.1:{PROXY}",
            UPRTC_WEB1=f"127.0.0.1:{WEB['web1']}",
            UPRTC_WEB2=f"127.0.0.1:{WEB['web2']}",
            UPRTC_HOST="127.0.0.1",
        )

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def start(self, name: str, cmd: list, **env: str) -> None:
        out = self.log(name).open("a")
        self.procs[name] = subprocess.Popen(
            cmd,
            env={**self.env, **env},
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_web(self, name: str) -> None:
        self.start(
            name,
            [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "uprtc.wsgi"],
            PORT=str(WEB[name]),
        )

    def start_worker(self, name: str) -> None:
        self.start(
            name,
            [BIN / "celery", "-A", "uprtc", "worker", "-c", "1", "-n", f"{name}@%h"]
            + ["-l", "INFO"],  # "Task uprtc.run[id] received": who took what
            LOG_LEVEL="INFO",
        )

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop_all(self) -> None:
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def prepare() -> None:
    faults.ensure_cluster()
    load.prepare_database(faults.PORT, fresh=False)  # uprtc_loadbench, demo
    faults.sql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    faults.sql(f"CREATE DATABASE {DB_NAME} TEMPLATE {load.DB_NAME}")
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def wait_for(port: int, path: str = "/healthz", seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"nothing answered on port {port}")


def client(plan: list, t0: float, until: float, hits: list[Hit], seed: int) -> None:
    import random

    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", PROXY, timeout=30)
    while (now := time.monotonic()) < until:
        _kind, path = rng.choice(plan)
        try:
            response = get(conn, path)
            hit = Hit(
                now - t0,
                time.monotonic() - now,
                response.status,
                response.getheader("X-Served-By", "?"),
                response.getheader("X-Cache") == "hit",
            )
        except (OSError, http.client.HTTPException):
            conn.close()
            hit = Hit(now - t0, time.monotonic() - now, 0, "-", False)
            time.sleep(0.05)
        hits.append(hit)


def browse(plan: list, clients: int, duration: float, during=None) -> list[Hit]:
    hits: list[Hit] = []
    t0 = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(plan, t0, t0 + duration, hits, i))
        for i in range(clients)
    ]
    if during:
        threads.append(threading.Thread(target=during, args=(t0,)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return hits


def summary(hits: list[Hit], seconds: float) -> None:
    ok = [h for h in hits if 200 <= h.status < 400]
    lat = sorted(h.latency * 1000 for h in ok) or [0.0]
    errors = Counter(str(h.status) for h in hits if not 200 <= h.status < 400)
    shares = Counter(h.served_by for h in ok)
    print(
        f"  {len(hits)} requests in {seconds:.0f} s = {len(hits) / seconds:.1f}/s, "
        f"p50 {statistics.median(lat):.0f} ms, p95 {load.pct(lat, 95):.0f} ms, "
        f"from the page cache {sum(h.cached for h in hits) / max(1, len(hits)):.0%}, "
        f"errors {dict(errors) or 0}"
    )
    total = max(1, sum(shares.values()))
    print(
        "  served by: "
        + ", ".join(f"{k} {n} ({n / total:.1%})" for k, n in sorted(shares.items()))
    )


def load_shared(plan: list, args: argparse.Namespace) -> None:
    print(f"== load shared: {args.clients} clients, {args.duration:.0f} s")
    hits = browse(plan, args.clients, args.duration)
    summary(hits, args.duration)


def instance_lost(deploy: Deployment, plan: list, args: argparse.Namespace) -> None:
    print(
        f"== web2 SIGKILLed at t=10 s, started again at t=20 s ({args.clients} clients)"
    )  # noqa: E501
    events: dict[str, float] = {}

    def outage(t0: float) -> None:
        time.sleep(10)
        deploy.kill("web2")
        events["killed"] = time.monotonic() - t0
        time.sleep(10)
        deploy.start_web("web2")
        events["restarted"] = time.monotonic() - t0

    hits = browse(plan, args.clients, 35, during=outage)
    summary(hits, 35)
    print(
        f"  killed at t={events['killed']:.1f}s, "
        f"restarted at t={events['restarted']:.1f}s"
    )
    per_second: dict[int, Counter] = {}
    for h in hits:
        per_second.setdefault(int(h.start), Counter())[
            h.served_by if 200 <= h.status < 400 else f"error {h.status}"
        ] += 1
    print("  second: " + " ".join(
        f"{s}:{c.get('web1', 0)}/{c.get('web2', 0)}"
        + ("".join(f" {k}={n}" for k, n in c.items() if k.startswith("error")))
        for s, c in sorted(per_second.items())
    ))  # fmt: skip
    print("  (second: requests answered by web1/web2)")


def report_row(pk: int) -> tuple:
    return faults.sql(
        f"SELECT status, progress, attempts, message FROM reports_reportrun "
        f"WHERE id = {int(pk)}",
        DB_NAME,
    )[0]


def cpu_ticks(pid: int) -> int:
    """CPU ticks of a process and its live children (a worker's pool)."""
    total = 0
    for each, fields in processes():
        if each == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total


def busy_worker(deploy: Deployment) -> str:
    """The worker whose pool is burning CPU: the one building the report."""
    names = ["w1", "w2"]
    before = {n: cpu_ticks(deploy.procs[n].pid) for n in names}
    time.sleep(0.5)
    used = {n: cpu_ticks(deploy.procs[n].pid) - before[n] for n in names}
    return max(used, key=used.get)  # type: ignore[arg-type]


def received(deploy: Deployment, name: str) -> list[tuple[float, str]]:
    """(time, Celery task id) of each task the worker took, from its log."""
    import datetime as dt

    taken = []
    for line in deploy.log(name).read_text().splitlines():
        if not line.startswith("{") or " received" not in line:
            continue
        entry = json.loads(line)
        if "[" not in entry.get("message", ""):
            continue
        task_id = entry["message"].split("[", 1)[1].split("]", 1)[0]
        taken.append((dt.datetime.fromisoformat(entry["time"]).timestamp(), task_id))
    return taken


def worker_lost(deploy: Deployment) -> None:
    print("== a worker SIGKILLed while it builds a report")
    queue = subprocess.run(
        [BIN / "uprtc", "shell", "-c", QUEUE_REPORT],
        env=deploy.env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    pk = int(queue.stdout.split("RUN")[-1].split()[0])
    queued = time.monotonic()
    while True:
        status, progress, attempts, _ = report_row(pk)
        if status == "running" and progress >= 30:  # figures gathered, rendering
            break
        if status in ("done", "failed") or time.monotonic() - queued > 120:
            sys.exit(f"the report was {status} before it could be interrupted")
        time.sleep(0.1)
    started = time.monotonic() - queued
    victim = busy_worker(deploy)
    other = "w2" if victim == "w1" else "w1"
    deploy.kill(victim)
    killed, killed_at = time.monotonic(), time.time()
    lost = (received(deploy, victim) or [(0.0, "?")])[-1][1]
    print(
        f"  report #{pk} queued; {victim} building it ({progress} %, attempt "
        f"{attempts}) {started:.1f} s after the queueing command returned: "
        f"{victim} SIGKILLed (task {lost})"
    )
    while True:
        status, progress, attempts, message = report_row(pk)
        if status in ("done", "failed") or time.monotonic() - killed > 240:
            break
        time.sleep(0.5)
    took = time.monotonic() - killed
    folder = deploy.workdir / "media" / "reports" / str(pk)
    files = sorted(p.name for p in folder.glob("*"))
    outbox = faults.sql(
        "SELECT name, attempts, sent_at IS NOT NULL, done_at IS NOT NULL, error "
        "FROM core_outboxtask ORDER BY id DESC LIMIT 1",
        DB_NAME,
    )[0]
    import redis

    broker = redis.Redis.from_url(REDIS)
    again = [when - killed_at for when, task in received(deploy, other) if task == lost]
    print(
        f"  {status} {took:.1f} s after the kill, attempt {attempts}; task {lost} "
        + (
            f"redelivered to {other} {again[0]:.1f} s after the kill"
            if again
            else f"never redelivered to {other}"
        )
        + f"; files: {', '.join(files) or 'none'}"
    )
    if message:
        print(f"  message: {message}")
    print(
        f"  outbox row {outbox[0]}: sent {outbox[1]} time(s), done={outbox[3]}; "
        f"broker: {broker.llen('celery')} waiting, {broker.hlen('unacked')} unacked"
    )


QUEUE_REPORT = """
import datetime as dt
from uprtc.actors.models import User
from uprtc.reports.services import request_report
moderator = User.objects.get(email="moderator@demo.uprtc.org")
run = request_report(moderator, 61, dt.date(2000, 1, 1), dt.date(2026, 12, 31), "en")
print("RUN", run.pk)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=10)
    args = parser.parse_args()

    print(machine())
    prepare()
    workdir = Path(tempfile.mkdtemp(prefix="uprtc-scaleout-"))
    deploy = Deployment(workdir)
    subprocess.run(
        [BIN / "uprtc", "collectstatic", "--no-input", "-v0"],
        env=deploy.env,
        cwd=REPO,
        check=True,
    )
    try:
        for name in WEB:
            deploy.start_web(name)
        for name in ("w1", "w2"):
            deploy.start_worker(name)
        deploy.start(
            "beat",
            [BIN / "celery", "-A", "uprtc", "beat", "-s", str(workdir / "beat")],
        )
        for port in WEB.values():
            wait_for(port)
        deploy.start("haproxy", ["haproxy", "-f", "deploy/haproxy.cfg", "-db"])
        wait_for(PROXY)
        print(f"HAProxy :{PROXY} → web1 :{WEB['web1']}, web2 :{WEB['web2']} "
              f"(2 gunicorn workers each); Celery w1, w2 (-c 1), beat; "
              f"logs in {workdir}", flush=True)  # fmt: skip
        plan = load.urls(PROXY)
        browse(plan, min(args.clients, 8), args.warmup)  # models loaded, cache warm
        load_shared(plan, args)
        instance_lost(deploy, plan, args)
        worker_lost(deploy)
    finally:
        deploy.stop_all()
    print(json.dumps({"logs": str(workdir)}))


if __name__ == "__main__":
    main()
