"""Provenance of imported activities: source, publisher, first and last read,
the XML's hash, whether the publisher changed it, and the versions compared
(moderators only)."""

import datetime as dt

import pytest
import time_machine

from uprtc.iati import provenance
from uprtc.iati.models import IatiRecord
from uprtc.iati.services import import_iati
from uprtc.iati.tests.test_lenient_import import activity, document

pytestmark = pytest.mark.django_db


def test_diff_lists_only_the_fields_that_changed():
    before = {"title": "Old", "countries": ["SI"], "budget": "10 EUR"}
    after = {"title": "New", "countries": ["SI", "HR"], "budget": "10 EUR"}
    changes = provenance.diff(before, after)
    assert [(c["field"], c["before"], c["after"]) for c in changes] == [
        ("title", "Old", "New"),
        ("countries", "SI", "SI, HR"),
    ]
    assert provenance.diff(None, after) == []


def test_an_import_records_where_the_activity_comes_from():
    with time_machine.travel(dt.datetime(2026, 11, 1, tzinfo=dt.UTC)):
        report = import_iati(document(activity()), actor="t", file_name="se.xml")
    record = IatiRecord.objects.get(activity_id=report.imported[0])
    assert record.file_name == "se.xml" and record.publisher_ref == "SE-0"
    assert record.publisher_name == "Sweden" and len(record.xml_hash) == 64
    assert record.first_harvested_at.date() == dt.date(2026, 11, 1)
    assert not record.changed_since_last and record.previous is None
    assert record.current["title"] == "Judges and the Istanbul Protocol"


def test_a_publisher_change_is_flagged_and_the_previous_version_kept():
    first = import_iati(document(activity()), actor="t", file_name="se.xml")
    same = import_iati(document(activity()), actor="t", file_name="se.xml")
    record = IatiRecord.objects.get(activity_id=first.imported[0])
    assert same.counts()["unchanged"] == 1 and not record.changed_since_last
    import_iati(document(activity(title="Judges, revised")), actor="t", file_name="x")
    record.refresh_from_db()
    assert record.changed_since_last and record.changed_at
    assert record.previous["title"] == "Judges and the Istanbul Protocol"
    assert record.current["title"] == "Judges, revised"
    assert record.last_harvested_at > record.first_harvested_at


def test_only_moderators_compare_versions_on_the_review_page(client, personas):
    first = import_iati(document(activity()), actor="t", file_name="se.xml")
    import_iati(document(activity(title="Judges, revised")), actor="t", file_name="x")
    url = f"/en/activities/{first.imported[0]}/"
    client.force_login(personas.reviewer)
    page = client.get(url).content.decode()
    assert "What the publisher changed since the import before" in page
    assert "Judges and the Istanbul Protocol" in page and "SE-0" in page
    client.force_login(personas.outsider)
    assert "What the publisher changed" not in client.get(url).content.decode()
