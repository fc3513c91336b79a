"""Our own CSV export uploads back exactly, and a re-upload never makes
duplicates silently: the person sees the lookalikes first and decides."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uprtc.activities import bulk
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.activities.tests.builders import published
from uprtc.actors.models import OrgType
from uprtc.demo.activities import load_activities

pytestmark = pytest.mark.django_db


# every field the bulk file carries
FIELDS = (
    "title description language concerned_states themes sdg_targets "
    "recommendations modality cooperation_type implementation_status start_date "
    "end_date budget currency funding_source results lessons good_practice links "
    "languages"
)


def carried(activity: Activity) -> dict:
    return builders.carried(activity, FIELDS)


def export_csv(client) -> bytes:
    response = client.get("/api/v1/export/activities.csv")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def tricky(personas) -> Activity:
    return published(
        personas,
        title='"All for All" For the right to food; a title, with "quotes"',
        results='Line one, "quoted"\nLine two; with a semicolon\r\nالسطر الثالث',
    )


def test_the_demo_export_uploads_back_field_for_field(personas, client):
    load_activities(limit=40)
    tricky(personas)
    originals = {a.pk: carried(a) for a in Activity.objects.public()}
    assert len(originals) >= 20
    data = export_csv(client)
    assert data.startswith(b"\xef\xbb\xbf") and b'""All for All""' in data
    table = bulk.read_table(data, is_xlsx=False)
    # every column the upload reads that the export writes comes back the same
    shared = [c for c in bulk.COLUMNS if c in table[0]]
    assert len(shared) >= 18
    exported_id = {
        number: int(row[table[0].index("id")])
        for number, row in enumerate(table[1:], start=2)
    }

    first = bulk.import_data(personas.submitter, personas.cso, data, "csv", "x.csv")
    # every row is one of ours: nothing created before the person chooses
    assert first.pending and first.created == []
    assert len(first.lookalikes) == first.rows == len(originals)
    before = Activity.objects.count()

    report = bulk.import_data(
        personas.submitter, personas.cso, data, "csv", "x.csv", bulk.Lookalikes.CREATE
    )
    assert report.errors == [] and len(report.created) == len(originals)
    assert Activity.objects.count() == before + len(originals)
    for copy in Activity.objects.filter(pk__in=report.created):
        row = int(copy.provenances[0]["detail"].rsplit(" ", 1)[1])
        expected = originals[exported_id[row]]
        got = carried(copy)
        for name in shared:
            assert got[name] == expected[name], (row, name)


def test_a_re_upload_shows_lookalikes_and_skips_them_when_asked(personas, client):
    client.force_login(personas.submitter)
    content = (
        b"title,description,concerned_states\n"
        b"Judges training,Workshops,SVN\n"
        b"Prison monitoring,Visits,SVN\n"
    )

    def upload(**extra):
        return client.post(
            "/en/activities/upload/",
            {
                "organization": personas.cso.pk,
                "file": SimpleUploadedFile("a.csv", content),
            },
            **extra,
        )

    assert upload().status_code == 200
    assert Activity.objects.count() == 2
    Activity.objects.filter(title="Prison monitoring").delete()

    page = upload()
    text = page.content.decode()
    assert "1 of the 2 rows looks like an existing activity" in text
    assert Activity.objects.count() == 1  # nothing created yet
    token = page.context["choice"]["upload"].value()

    # no answer chosen: asked again, still nothing created
    again = client.post("/en/activities/upload/", {"upload": token})
    assert again.status_code == 400 and Activity.objects.count() == 1
    assert "Choose one of the two answers." in again.content.decode()

    done = client.post(
        "/en/activities/upload/", {"upload": token, "lookalikes": "skip"}
    )
    assert done.status_code == 200
    assert sorted(Activity.objects.values_list("title", flat=True)) == [
        "Judges training",
        "Prison monitoring",
    ]
    assert "1 row skipped" in done.content.decode()
    # the stash is spent: a second confirmation creates nothing
    client.post("/en/activities/upload/", {"upload": token, "lookalikes": "create"})
    assert Activity.objects.count() == 2


def test_lookalikes_never_reveal_what_the_uploader_cannot_see(personas):
    hidden = published(personas, title="Confidential prison visits")
    Activity.objects.filter(pk=hidden.pk).update(confidential=True)
    other = personas.factory.make_org("Another NGO", OrgType.CSO, "HRV")
    stranger = personas.factory.make_member(other)
    content = b"title,description,concerned_states\nConfidential prison visits,x,SVN\n"
    report = bulk.import_data(stranger, other, content, "csv", "a.csv")
    assert report.lookalikes == [] and len(report.created) == 1


def test_another_users_stash_cannot_be_confirmed(personas, client):
    token = bulk.stash(personas.submitter, personas.cso, b"title\n", "csv", "a.csv")
    assert bulk.peek(personas.org_admin, token) is None
    assert bulk.peek(personas.submitter, token)["org"] == personas.cso
