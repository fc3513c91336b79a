"""The moderators' page: refused to everyone else; builds for a moderator,
shows the progress while building and offers the three files."""

import datetime as dt
import threading
import time

import pytest
from django.utils import timezone

from uprtc.core.tasks import thread_name
from uprtc.reports.forms import next_update
from uprtc.reports.models import ReportRun
from uprtc.reports.services import process_report_runs
from uprtc.reports.tests.conftest import END, START

pytestmark = pytest.mark.django_db
FORM = {"session": "61", "start": START.isoformat(), "end": END.isoformat(),
        "language": "en"}  # fmt: skip


def test_the_page_is_refused_to_anyone_but_a_moderator(client, personas):
    assert client.get("/en/reports/").status_code == 302  # to sign in
    for user in (personas.submitter, personas.focal_point, personas.outsider):
        client.force_login(user)
        assert client.get("/en/reports/").status_code == 403
        assert client.post("/en/reports/", FORM).status_code == 403
    assert not ReportRun.objects.exists()


def test_a_moderator_builds_the_report_and_downloads_it(client, world, settings):
    settings.TASKS_INLINE = False  # queued, then a worker builds it
    client.force_login(world.reviewer)
    response = client.post("/en/reports/", FORM)
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/en/reports/{run.pk}/"
    waiting = client.get(response.url)
    assert waiting["Refresh"] and "<progress" in waiting.content.decode()
    assert "language English." in waiting.content.decode()  # named, not "en"
    assert "<td>English</td>" in client.get("/en/reports/").content.decode()
    assert process_report_runs() == 1
    run.refresh_from_db()
    assert (run.status, run.progress) == ("done", 100)
    page = client.get(response.url)
    assert not page.has_header("Refresh")
    body = page.content.decode()
    assert "<iframe" in body
    for fmt in ("html", "docx", "pdf"):
        assert f"/en/reports/{run.pk}/file.{fmt}" in body
        got = client.get(f"/en/reports/{run.pk}/file.{fmt}?download=1")
        assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
        # reading to the end closes the response (and the file) the way
        # Django's test client does; an explicit close() would also close
        # the test's database connection on PostgreSQL
        assert b"".join(got.streaming_content)
    preview = client.get(f"/en/reports/{run.pk}/file.html")
    policy = preview["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src 'none'" in policy
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(preview.streaming_content)
    client.force_login(world.outsider)
    assert client.get(f"/en/reports/{run.pk}/file.pdf").status_code == 403


def test_with_tasks_inline_the_build_is_done_once_the_run_is_committed(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS_INLINE = True
    settings.TASKS_INLINE_THREADED = []
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/reports/", FORM)
    assert ReportRun.objects.get().status == "done"


@pytest.mark.django_db(transaction=True)
def test_with_tasks_inline_the_page_answers_at_once_and_shows_the_progress(
    client, world, settings
):
    settings.TASKS_INLINE = True
    settings.TASKS_INLINE_THREADED = ["reports.process"]
    client.force_login(world.reviewer)
    started = time.monotonic()
    response = client.post("/en/reports/", FORM)
    answered = time.monotonic() - started
    assert response.status_code == 302

    # the build runs beside the request: seconds of PDF layout are not waited for
    builder = thread_name("reports.process")
    builders = [t for t in threading.enumerate() if t.name == builder]
    assert answered < 1.0 or any(t.is_alive() for t in builders)
    # the test database is SQLite's shared in-memory one, whose table locks do
    # not wait: reading the run while the builder writes its progress would
    # make the builder fail, so the test waits for the thread, not the row
    for thread in builders:
        thread.join(timeout=120)
        assert not thread.is_alive()
    assert ReportRun.objects.get().status == "done"


def test_a_session_the_database_cannot_hold_is_refused(client, personas):
    """Found by the fuzz tests: session 10**29 was a smallint overflow on
    PostgreSQL (a server error)."""
    from uprtc.core.errors import DomainError
    from uprtc.reports.services import check_period

    client.force_login(personas.reviewer)
    response = client.post(
        "/en/reports/",
        {"session": "99999", "start": START, "end": END, "language": "en"},
    )
    assert response.status_code == 200
    assert "less than or equal to 32767" in response.content.decode()
    assert ReportRun.objects.count() == 0
    with pytest.raises(DomainError, match="positive number"):
        check_period(99999, START, END)


@pytest.mark.parametrize(
    ("today", "session", "year"),
    [
        (dt.date(2024, 3, 1), 56, 2023),  # the first, named by the resolution
        (dt.date(2024, 7, 1), 59, 2024),
        (dt.date(2026, 6, 30), 62, 2025),
        (dt.date(2026, 12, 3), 65, 2026),
    ],
)
def test_the_next_update_is_due_at_every_third_session_from_the_56th(
    today, session, year
):
    assert next_update(today) == (
        session,
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
    )


def test_the_form_proposes_the_next_session_and_the_year_it_reports_on(
    client, personas
):
    client.force_login(personas.reviewer)
    form = client.get("/en/reports/").context["form"]
    session, start, end = next_update(timezone.localdate())
    assert form["session"].value() == session
    assert (form["start"].value(), form["end"].value()) == (start, end)
