"""Generated spreadsheets full of bad values: the bulk upload never fails with
a server error, reports every row (created, or an error naming row and
column), and creates exactly the activities it reports."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uprtc.activities import bulk
from uprtc.activities.models import Activity
from uprtc.core.tests.fuzz import shows_a_message

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
# values that are wrong in the ways people and programs get them wrong
VALUES = {
    "title": ["Judges training", "", "x" * 600],
    "description": ["Workshops for judges", ""],
    "concerned_states": ["SVN", "XXX", "svn; FRA", "", ";;"],
    "language": ["en", "xx", "", "EN"],
    "modality": ["training", "juggling", ""],
    "start_date": ["2026-01-10", "2026-02-30", "0000-01-01", "10/01/2026", ""],
    "end_date": ["2025-01-01", "9999-12-31", ""],
    "budget": ["1000", "NaN", "Infinity", "-5", "1e999", "9" * 30, "12,5", ""],
    "currency": ["EUR", "euros", "€", ""],
    "links": ["https://ok.org", "javascript:alert(1)", "not a url", ""],
    "languages": ["en; fr", "xx", ""],
    "recommendations": ["1", "abc", "-1", "9" * 25, ""],
    "themes": ["not-a-theme", ""],
    "sdg_targets": ["16.3", "99.9", "1.A", "16"],
    "good_practice": ["yes", "maybe"],
    "contact_email": ["a@example.org", "not-an-email", ""],
}


@st.composite
def sheets(draw) -> bytes:
    names = draw(
        st.lists(st.sampled_from(sorted(VALUES)), min_size=3, max_size=8, unique=True)
    )
    if draw(st.integers(0, 4)):  # mostly with the required columns
        names = list(
            dict.fromkeys(["title", "description", "concerned_states", *names])
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    for _ in range(draw(st.integers(0, 3))):
        row = [draw(st.sampled_from(VALUES[n]) | TEXT) for n in names]
        if draw(st.integers(0, 4)) == 0:  # a short row
            row = row[: draw(st.integers(0, len(row)))]
        writer.writerow(row)
    return out.getvalue().encode(
        draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])), errors="replace"
    )


@FUZZ
@given(
    content=sheets() | st.binary(max_size=100),
    name=st.sampled_from(["a.csv", "a.xlsx"]),
)
def test_every_row_is_created_or_reported_with_its_row(personas, content, name):
    before = Activity.objects.count()
    report = bulk.import_file(
        personas.submitter, personas.cso, SimpleUploadedFile(name, content)
    )
    assert Activity.objects.count() == before + len(report.created)
    if report.rows == 0 and report.errors:  # the file as a whole was refused
        assert report.created == []
        assert all(e.strip() for e in report.errors)
        return
    assert report.rows == len(report.created) + len(report.errors)
    for error in report.errors:
        assert error.startswith("row "), error


@FUZZ
@given(
    content=sheets() | st.binary(max_size=50),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "noextension", "é.CSV"])
    | st.from_regex(r"[\w .-]{1,20}", fullmatch=True),
)
def test_the_upload_page_never_fails_and_reports(client, personas, content, name):
    client.force_login(personas.submitter)
    before = Activity.objects.count()
    # a name the browser can send (the test client refuses "." and "/")
    upload = SimpleUploadedFile(name if name.strip(" .") else "x", content)
    response = client.post("/en/activities/upload/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    if "rows read" in html:  # the report tells what was created
        assert f"{Activity.objects.count() - before} drafts created" in html
    else:  # the file was refused as a whole: nothing created, and why
        assert Activity.objects.count() == before
        assert shows_a_message(html), html[html.index("<main") : html.index("</main>")]
