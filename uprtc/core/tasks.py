"""Background work, with or without a queue.

A task is a plain function registered under a name with ``@task("app.verb")``
in its app's ``tasks.py`` (found at start-up); its arguments are JSON values,
primary keys rather than model instances. Code asks for one with
``enqueue("app.verb", pk=…)``, inside or outside a transaction:

* ``TASKS_INLINE`` (the embedded default, no broker): it runs in this process
  once the transaction commits;
* otherwise an ``OutboxTask`` row is written in the transaction and, after the
  commit, sent to Celery (one generic Celery task, ``uprtc.run``, calls the
  registered function). If the broker is down the row stays unsent and beat's
  ``core.send_outbox`` sends it when the broker is back: nothing is lost, and a
  task may run twice, so tasks are idempotent. With no broker at all,
  ``uprtc run-tasks --loop`` works the outbox.

Plugging a job in takes one decorator, e.g. the report builder::

    @task("reports.build")
    def build_report(run_id: int) -> None: ...

and ``enqueue("reports.build", run_id=run.pk)`` where the run is created.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from uprtc.core.models import OutboxTask

log = logging.getLogger(__name__)

REGISTRY: dict[str, Callable[..., Any]] = {}
F_ = TypeVar("F_", bound=Callable[..., Any])

# a row younger than this is still being sent by the request that wrote it
RESEND_AFTER = timedelta(seconds=30)


def task(name: str) -> Callable[[F_], F_]:
    def register(func: F_) -> F_:
        if REGISTRY.get(name, func) is not func:
            raise ValueError(f"two tasks are named {name}")
        REGISTRY[name] = func
        return func

    return register


def enqueue(name: str, **kwargs: Any) -> None:
    if name not in REGISTRY:
        raise KeyError(f"no task is named {name}")
    if settings.TASKS_INLINE:
        # robust: the change has committed; a failing task is logged, not
        # raised. A named function, not a partial: Django's log line for a
        # failing hook reads its __qualname__.
        def run_task() -> None:
            if name in settings.TASKS_INLINE_THREADED:
                threading.Thread(
                    target=_run_in_thread,
                    args=(name, kwargs),
                    name=thread_name(name),
                    daemon=True,
                ).start()
            else:
                run(name, kwargs)

        transaction.on_commit(run_task, robust=True)
        return
    row = OutboxTask.objects.create(name=name, kwargs=kwargs)
    if settings.CELERY_BROKER_URL:
        transaction.on_commit(partial(send, row.pk), robust=True)


def run(name: str, kwargs: dict[str, Any]) -> Any:
    return REGISTRY[name](**kwargs)


def thread_name(name: str) -> str:
    """The name of the thread running task ``name`` in the embedded mode, so a
    stack dump, or a test waiting for the build, can tell it apart."""
    return f"uprtc-task:{name}"


def _run_in_thread(name: str, kwargs: dict[str, Any]) -> None:
    """A long job (a report build) in the embedded mode: the request that
    asked for it answers at once and its page shows the progress, instead of
    blocking for the whole build."""
    try:
        run(name, kwargs)
    except Exception:
        log.exception("task %s failed", name)
    finally:
        connections.close_all()


def send(pk: int) -> bool:
    """Hand one outbox row to Celery; False (row left for later) if the broker
    cannot be reached. Claimed with a conditional update, so two senders never
    send the same row."""
    claimed = OutboxTask.objects.filter(pk=pk, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    row = OutboxTask.objects.get(pk=pk)
    # Celery takes about a second to import: only a process that sends loads it
    from uprtc.core.broker import app

    try:
        # the broker named by the settings now (not when Celery was configured)
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            app.send_task(
                "uprtc.run",
                kwargs={"name": row.name, "kwargs": row.kwargs, "row": pk},
                connection=conn,
            )
    except Exception as exc:  # any broker failure: the row waits for beat
        log.warning("broker unreachable, task %s #%s kept in the outbox", row.name, pk)
        OutboxTask.objects.filter(pk=pk).update(sent_at=None, error=str(exc)[:1000])
        return False
    return True


def run_row(pk: int) -> None:
    """Run an outbox row here and record the outcome (worker and run-tasks)."""
    row = OutboxTask.objects.get(pk=pk)
    try:
        run(row.name, row.kwargs)
    except Exception as exc:
        OutboxTask.objects.filter(pk=pk).update(error=str(exc)[:1000])
        raise
    OutboxTask.objects.filter(pk=pk).update(done_at=timezone.now(), error="")


def pending(older_than: timedelta = RESEND_AFTER) -> list[int]:
    cutoff = timezone.now() - older_than
    return list(
        OutboxTask.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@task("core.send_outbox")
def send_outbox() -> int:
    """Beat, every minute: send what a broker outage held back; forget rows
    done more than a week ago."""
    sent = sum(send(pk) for pk in pending())
    OutboxTask.objects.filter(done_at__lt=timezone.now() - timedelta(days=7)).delete()
    return sent


def run_pending() -> int:
    """With no broker: claim and run each unsent row in this process."""
    done = 0
    for pk in pending(timedelta(0)):
        claimed = OutboxTask.objects.filter(pk=pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        try:
            run_row(pk)
        except Exception:  # recorded on the row; the next one still runs
            log.exception("task #%s failed", pk)
        done += 1
    return done
