"""gunicorn settings for uprtc: ``gunicorn -c deploy/gunicorn.conf.py uprtc.wsgi``
(``make serve`` does it). Everything here can be changed from the environment."""

from __future__ import annotations

import os

from uprtc.core.logs import config as logging_config

bind = os.environ.get(
    "GUNICORN_BIND",
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}",
)
# synchronous workers: pages are CPU-bound (templates, numpy), so about two per
# core plus one keeps the cores busy while one waits on the database
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# a request slower than this is killed and logged rather than holding a worker
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# recycle workers now and then so that a slow leak never grows unbounded; at
# a few hundred cached pages a second, 2,000 meant a restart every few seconds
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
# Django and its libraries are imported once, in the master, and the workers
# forked from it: a recycled worker starts in milliseconds instead of seconds
# of CPU (bench/load.py), and the imported code is shared between workers.
# Nothing opens a connection or a thread at import; the embedding model loads
# in each worker on its first search, after the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() != "false"
max_requests_jitter = max_requests // 10
# heartbeat files in memory, not on a possibly slow disk
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# the proxy in front may set X-Forwarded-Proto; trust only it
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker: object) -> None:
    """Each worker loads the classifiers in a thread of its own as it starts:
    the first "Suggest themes" then answers in milliseconds (issue 20), while
    the worker already serves pages. Not in the master: a numerical library's
    threads started before a fork can hang the children."""
    import threading

    def warm() -> None:
        import logging
        import time

        from django.db import connections

        from uprtc.classification.services import warm as load

        started = time.monotonic()
        try:
            load()
            logging.getLogger("gunicorn.error").info(
                "classifiers loaded in %.1f s", time.monotonic() - started
            )
        except Exception:  # a worker without its warm-up still serves
            logging.getLogger("uprtc").exception("warm-up failed")
        finally:
            connections.close_all()  # this thread's own connection

    threading.Thread(target=warm, name="warm-up", daemon=True).start()


# One JSON line per request comes from the application itself
# (uprtc.core.middleware, with its request id); gunicorn's own access log would
# only repeat it. gunicorn's own messages go to stdout in the same format.
accesslog = None
_format = os.environ.get("LOG_FORMAT", "json")
logconfig_dict = logging_config(
    _format if _format in {"json", "text"} else "json",
    loggers={
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
)
