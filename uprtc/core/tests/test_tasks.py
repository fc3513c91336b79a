"""Background tasks with no queue (inline), through the outbox, and on a real
Celery worker with the real Redis (database 13, flushed)."""

import socket
import threading
from datetime import timedelta

import pytest
import redis
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from uprtc.core import tasks
from uprtc.core.models import OutboxTask
from uprtc.matching import services
from uprtc.matching.models import PlanRun

REDIS_TEST = "redis://127.0.0.1:6379/13"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def test_redis():
    client = redis.Redis.from_url(REDIS_TEST)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.mark.django_db
def test_an_inline_task_runs_once_its_transaction_commits(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(personas.reviewer, k=2)
        assert PlanRun.objects.get(pk=run.pk).status == "queued"
    assert PlanRun.objects.get(pk=run.pk).status == "done"
    assert not OutboxTask.objects.exists()  # no queue, no outbox


@pytest.mark.django_db
def test_an_inline_task_of_a_rolled_back_change_never_runs(
    personas, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.request_plan(personas.reviewer, k=2)
        raise RuntimeError("the change fails")
    assert callbacks == [] and not PlanRun.objects.exists()


@pytest.mark.django_db
def test_an_unknown_task_is_refused():
    with pytest.raises(KeyError):
        tasks.enqueue("no.such-task")


@pytest.mark.django_db
def test_a_task_waits_in_the_outbox_while_the_broker_is_down_and_is_sent_later(
    personas, settings, django_capture_on_commit_callbacks, test_redis
):
    settings.TASKS_INLINE = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(personas.reviewer, k=2)  # the request succeeds
    row = OutboxTask.objects.get()
    assert row.name == "matching.process_plans" and row.sent_at is None
    assert row.error and run.status == "queued"

    settings.CELERY_BROKER_URL = REDIS_TEST  # the broker is back
    assert tasks.send_outbox() == 0  # too young: its request may still send it
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert tasks.send_outbox() == 1
        assert tasks.send_outbox() == 0  # sent once
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2
    assert test_redis.llen("celery") == 1  # the message waits for a worker


@pytest.mark.django_db
def test_without_a_broker_run_tasks_works_the_outbox(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.TASKS_INLINE = False
    settings.CELERY_BROKER_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        run = services.request_plan(personas.reviewer, k=2)
    assert PlanRun.objects.get(pk=run.pk).status == "queued"
    call_command("run-tasks")
    assert PlanRun.objects.get(pk=run.pk).status == "done"
    assert OutboxTask.objects.get().done_at is not None
    call_command("run-tasks")  # nothing left to run
    assert OutboxTask.objects.get().attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_task_sent_after_commit(
    personas, settings, test_redis
):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from uprtc.celery import app

    settings.TASKS_INLINE = False
    settings.CELERY_BROKER_URL = REDIS_TEST
    before = app.conf.broker_url
    app.conf.broker_url = REDIS_TEST
    finished = threading.Event()

    def on_finish(**_signal: object) -> None:
        finished.set()

    task_postrun.connect(on_finish, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False):
            run = services.request_plan(personas.reviewer, k=2)
            # waits for the worker's signal, not by reading the rows it writes:
            # SQLite's shared in-memory test database fails a write that meets
            # a read instead of waiting for it
            assert finished.wait(timeout=30)
    finally:
        task_postrun.disconnect(on_finish)
        app.conf.broker_url = before
    assert PlanRun.objects.get(pk=run.pk).status == "done"
    assert OutboxTask.objects.get().done_at is not None
