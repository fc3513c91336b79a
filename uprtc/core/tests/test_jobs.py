"""Background jobs (uprtc/core/jobs.py), through the plans and report builds
that use them: a job whose worker was killed is taken back and finished by the
next worker pass, a job still showing signs of life is left alone, two workers
never run the same job, and a job whose worker keeps stopping ends failed."""

import datetime as dt
import os
import subprocess
import sys
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from uprtc.core.jobs import JobLost
from uprtc.core.models import AuditEvent
from uprtc.matching import services as matching
from uprtc.matching.models import PlanRun
from uprtc.reports import services as reports
from uprtc.reports.models import ReportRun

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
STUCK = dt.timedelta(seconds=900)  # the default JOB_STUCK_AFTER
PERIOD = (61, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "en")


@pytest.fixture(autouse=True)
def queued_only(settings, tmp_path):
    settings.TASKS_INLINE = False  # a job waits for a worker
    settings.MEDIA_ROOT = tmp_path / "media"


def at(moment: dt.datetime):
    return time_machine.travel(moment, tick=False)


def queued_plan(personas) -> PlanRun:
    return matching.request_plan(personas.reviewer, k=2)


def queued_report(personas) -> ReportRun:
    run = reports.request_report(personas.reviewer, *PERIOD)
    ReportRun.objects.filter(pk=run.pk).update(formats="html")  # the quickest
    return ReportRun.objects.get(pk=run.pk)


def outcomes(run: ReportRun) -> list[str]:
    return list(
        AuditEvent.objects.for_object(run)
        .filter(action__startswith="reports.annual.")
        .exclude(action="reports.annual.queued")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_a_plan_left_running_by_a_killed_worker_is_taken_back_and_finished(personas):
    with at(T0):
        run = queued_plan(personas)
        killed = PlanRun.claim_next()  # a worker starts it, then is killed
        assert killed.pk == run.pk and killed.status == "running"
    with at(T0 + STUCK + dt.timedelta(minutes=1)):
        call_command("process-plans")
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.message) == ("done", 100, 2, "")
    assert run.started_at == run.finished_at == T0 + STUCK + dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_report_left_running_by_a_killed_worker_is_taken_back_and_built(personas):
    with at(T0):
        run = queued_report(personas)
        killed = ReportRun.claim_next()
        killed.set_progress(30)  # gathered the figures, then was killed
    with at(T0 + STUCK + dt.timedelta(minutes=1)):
        call_command("process-reports")
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.message) == ("done", 100, 2, "")
    assert run.file("html") is not None
    assert outcomes(run) == ["reports.annual.done"]


@pytest.mark.django_db
def test_a_running_job_with_a_recent_sign_of_life_is_left_alone(personas):
    with at(T0):
        plan, report = queued_plan(personas), queued_report(personas)
        PlanRun.claim_next(), ReportRun.claim_next()
    with at(T0 + STUCK - dt.timedelta(minutes=1)):
        assert matching.process_plan_runs() == 0
        assert reports.process_report_runs() == 0
    for run in (plan, report):
        run.refresh_from_db()
        assert (run.status, run.attempts, run.message) == ("running", 1, "")


@pytest.mark.django_db
def test_progress_is_a_sign_of_life(personas):
    with at(T0):
        run = queued_report(personas)
        worker = ReportRun.claim_next()
    with at(T0 + dt.timedelta(minutes=10)):
        worker.set_progress(40)
    run.refresh_from_db()
    assert (run.progress, run.heartbeat_at) == (40, T0 + dt.timedelta(minutes=10))
    # 15 minutes after the start, but only 10 after the last progress
    with at(T0 + dt.timedelta(minutes=20)):
        assert reports.process_report_runs() == 0
    assert ReportRun.objects.get(pk=run.pk).status == "running"
    with at(T0 + dt.timedelta(minutes=10) + STUCK + dt.timedelta(seconds=1)):
        assert reports.process_report_runs() == 1
    assert ReportRun.objects.get(pk=run.pk).status == "done"


@pytest.mark.django_db
def test_the_timeout_is_a_setting(personas, settings):
    settings.JOB_STUCK_AFTER = 60
    with at(T0):
        run = queued_plan(personas)
        PlanRun.claim_next()
    with at(T0 + dt.timedelta(seconds=61)):
        assert matching.process_plan_runs() == 1
    assert PlanRun.objects.get(pk=run.pk).status == "done"


@pytest.mark.django_db
def test_of_two_claims_of_the_same_job_only_one_wins(personas):
    run = queued_plan(personas)
    assert PlanRun.claim(run.pk) is True
    assert PlanRun.claim(run.pk) is False
    assert PlanRun.claim_next() is None
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)


@pytest.mark.django_db(transaction=True)
def test_of_two_workers_claiming_at_the_same_moment_only_one_wins(personas):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    run = queued_plan(personas)
    start, won = threading.Barrier(2), []

    def worker() -> None:
        try:
            start.wait()
            won.append(PlanRun.claim(run.pk))
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, True]
    assert PlanRun.objects.get(pk=run.pk).attempts == 1


@pytest.mark.django_db
def test_a_job_whose_worker_stops_three_times_is_failed_with_a_message(personas):
    with at(T0):
        run = queued_report(personas)
    moment = T0
    for attempt in (1, 2, 3):
        with at(moment):
            if attempt > 1:
                assert ReportRun.reclaim_stuck() == 1
                waiting = ReportRun.objects.get(pk=run.pk)
                assert waiting.status == "queued"
                assert f"attempt {attempt - 1} of 3" in waiting.message
            assert ReportRun.claim_next().attempts == attempt  # then killed
        moment += STUCK + dt.timedelta(minutes=1)
    with at(moment):
        assert reports.process_report_runs() == 0
    run.refresh_from_db()
    assert (run.status, run.attempts, run.finished_at) == ("failed", 3, moment)
    assert "worker stopped" in run.message and "3 attempts" in run.message
    assert run.file("html") is None
    assert outcomes(run) == ["reports.annual.failed"]


@pytest.mark.django_db
def test_a_worker_whose_job_was_taken_back_can_no_longer_touch_it(personas):
    with at(T0):
        run = queued_report(personas)
        slow = ReportRun.claim_next()  # alive, but silent for too long
    with at(T0 + STUCK + dt.timedelta(minutes=1)):
        assert reports.process_report_runs() == 1  # the next worker built it
        with pytest.raises(JobLost):
            slow.set_progress(90)
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts) == ("done", 100, 2)


@pytest.mark.django_db
def test_a_run_left_running_before_signs_of_life_were_recorded_is_taken_back(
    personas,
):
    # a row of the old schema: RUNNING, no start, no heartbeat, no attempts
    with at(T0):
        run = PlanRun.objects.create(requested_by=personas.reviewer, status="running")
    with at(T0 + STUCK + dt.timedelta(minutes=1)):
        assert matching.process_plan_runs() == 1
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 1)


@pytest.mark.django_db
def test_a_report_that_cannot_be_built_is_failed_with_the_reason(personas):
    run = queued_report(personas)
    ReportRun.objects.filter(pk=run.pk).update(language="xx")  # no such language
    assert reports.process_report_runs() == 1
    run.refresh_from_db()
    assert run.status == "failed" and run.message.startswith("The language is one of")
    assert run.finished_at is not None and run.attempts == 1
    assert outcomes(run) == ["reports.annual.failed"]


@pytest.mark.parametrize(
    ("value", "expected"), [("60", "60"), ("0", "at least 1"), ("soon", "integer")]
)
def test_the_timeout_is_read_from_the_environment_and_checked(value, expected):
    env = {k: v for k, v in os.environ.items() if k != "JOB_STUCK_AFTER"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from uprtc import settings; print(settings.JOB_STUCK_AFTER)",
        ],
        env=env | {"DEBUG": "1", "JOB_STUCK_AFTER": value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert expected in done.stdout + done.stderr
    assert (done.returncode == 0) == (value == "60"), done.stderr
