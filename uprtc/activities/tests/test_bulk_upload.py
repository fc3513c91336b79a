"""Bulk upload: the template round-trips, each row is validated on its own."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uprtc.activities import bulk
from uprtc.activities.choices import Provenance, Review
from uprtc.activities.models import Activity

pytestmark = pytest.mark.django_db
HEADER = "title,description,concerned_states,start_date,budget,currency,themes\n"


def upload(personas, name, content, lookalikes=bulk.Lookalikes.ASK):
    return bulk.import_file(
        personas.submitter, personas.cso, SimpleUploadedFile(name, content), lookalikes
    )


def test_valid_rows_become_drafts_and_bad_rows_are_reported(personas):
    content = (
        HEADER
        + "Judges training,Workshops for judges,SVN,2026-01-10,1000,EUR,\n"
        + "No state,Something,,,,,\n"
        + "Bad date,Something,SVN,10/01/2026,,,\n"
        + "Bad theme,Something,SVN,,,,not-a-theme\n"
        + "Two States,Regional seminar,SVN; HRV,,,,\n"
    ).encode()
    report = upload(personas, "a.csv", content)
    assert report.rows == 5 and len(report.created) == 2
    assert report.errors == [
        "row 3, column concerned_states: Name at least one concerned State: its "
        "consent is needed to publish.",
        "row 4, column start_date: '10/01/2026' is not a date (YYYY-MM-DD)",
        "row 5, column themes: Unknown value(s) in themes: not-a-theme",
    ]
    drafts = Activity.objects.filter(pk__in=report.created)
    assert {a.review for a in drafts} == {Review.DRAFT}
    assert {a.provenance for a in drafts} == {Provenance.BULK}
    two = drafts.get(title="Two States")
    assert set(two.consents.values_list("country__iso3", flat=True)) == {"SVN", "HRV"}


def test_the_downloaded_templates_upload_as_they_are(personas, client):
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/en/activities/upload/template.{fmt}")
        assert response.status_code == 200
        # the second template's example row looks like the first one's draft
        report = upload(
            personas, f"template.{fmt}", response.content, bulk.Lookalikes.CREATE
        )
        assert report.errors == [] and len(report.created) == 1, fmt
    activity = Activity.objects.first()
    assert activity.themes.exists() and activity.sdg_targets.get().code == "16.3"


def test_semicolon_csv_in_windows_1252_is_read(personas):
    text = (
        "title;description;concerned_states\n"
        "Formation des juges;Ateliers à Ljubljana;SVN\n"
    )
    report = upload(personas, "fr.csv", text.encode("cp1252"))
    assert report.errors == []
    assert Activity.objects.get().description == "Ateliers à Ljubljana"


def test_an_unreadable_file_is_reported_whole(personas):
    report = upload(personas, "x.csv", b"\x00\x01binary")
    assert report.created == [] and "not text" in report.errors[0]
    book = openpyxl.Workbook()
    book.active.append(["title", "description"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = upload(personas, "x.xlsx", buffer.getvalue())
    assert "missing column(s) concerned_states" in report.errors[0]


def test_the_upload_page_checks_type_and_size(personas, client, cso_form):
    response = cso_form(
        "/en/activities/upload/",
        {
            "file": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    response = client.post(
        "/en/activities/upload/",
        {
            "organization": personas.cso.pk,
            "file": SimpleUploadedFile("a.csv", (HEADER + "T,D,SVN,,,,\n").encode()),
        },
    )
    assert (
        "1 drafts created" in response.content.decode() or Activity.objects.count() == 1
    )


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("budget", "NaN", "column budget: The budget is an amount from 0"),
        ("budget", "Infinity", "column budget: The budget is an amount from 0"),
        ("budget", "1e999", "column budget: The budget is an amount from 0"),
        ("budget", "-5", "column budget: The budget is an amount from 0"),
        ("title", "x" * 501, "column title: At most 500 characters (this has 501)."),
        ("currency", "euros", "column currency: The currency is a three-letter"),
        ("links", "javascript:alert(1)", "column links: 'javascript:alert(1)' is not"),
        ("links", "http://[", "column links: 'http://[' is not a web address"),
        ("contact_email", "nobody", "column contact_email: Enter a valid e-mail"),
        ("recommendations", "abc", "column recommendations: Unknown value(s)"),
        ("recommendations", "9" * 25, "column recommendations: Unknown value(s)"),
    ],
)
def test_values_the_columns_cannot_hold_are_reported_not_a_server_error(
    personas, column, value, message
):
    """Found by the fuzz tests: NaN raised an uncaught ValidationError, the
    others reached PostgreSQL (numeric overflow, value too long) or were
    stored (a negative budget, a javascript: link shown as a link); a
    recommendation number that is no number raised ValueError or OverflowError."""
    row = {"title": "T", "description": "D", "concerned_states": "SVN"}
    row.update({"currency": "EUR", column: value})
    content = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    report = upload(personas, "a.csv", content.encode())
    assert report.created == []
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"row 2, {message}")


@pytest.mark.parametrize("path", ["/en/activities/upload/", "/en/activities/new/"])
def test_a_post_without_the_expected_fields_says_what_is_missing(
    client, personas, path
):
    """Found by the fuzz tests: a post with no form fields (only a file, or
    nothing) showed the blank form again without a word."""
    from uprtc.core.tests.fuzz import shows_a_message

    client.force_login(personas.submitter)
    data = {"file": SimpleUploadedFile("a.csv", b"x")} if "upload" in path else {}
    response = client.post(path, data)
    assert response.status_code == 200
    assert shows_a_message(response.content.decode())
