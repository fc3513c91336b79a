"""The UPR Info export, read from the real files (Mac Roman, CR line ends)."""

import csv
from collections import Counter

import pytest

from uprtc.core.models import AuditEvent
from uprtc.recommendations.importers import upr_info
from uprtc.recommendations.models import Recommendation, Response
from uprtc.recommendations.services import import_recommendations

pytestmark = pytest.mark.django_db


def expected_from(path):
    """The same file read independently: one recommendation per (State, session,
    text), as the export repeats a text once per recommending State."""
    with path.open(encoding="mac_roman", newline="") as fh:
        rows = list(csv.DictReader(fh))
    groups = {}
    for row in rows:
        key = (row["To"], row["Session"], " ".join(row["Text"].split()).casefold())
        groups.setdefault(key, row)
    return rows, groups


def test_it_imports_a_real_file_with_the_right_counts(shared_data):
    path = shared_data / "upr-info-terman" / "1-5.csv"
    rows, groups = expected_from(path)
    summary = import_recommendations(upr_info.parse(path), source="upr-info")
    assert summary.read == len(rows) == 6094
    assert summary.created == len(groups) == Recommendation.objects.count()
    assert summary.skipped == []
    by_response = Counter(Recommendation.objects.values_list("response", flat=True))
    expected = Counter(g["Response"] for g in groups.values())
    assert by_response[Response.SUPPORTED] == expected["Accepted"]
    assert by_response[Response.NOTED] == expected["Noted"]
    assert set(Recommendation.objects.values_list("cycle", flat=True)) == {1}


def test_a_known_recommendation_has_all_its_fields(shared_data):
    import_recommendations(
        upr_info.parse(shared_data / "upr-info-terman" / "1-5.csv"), source="upr-info"
    )
    rec = Recommendation.objects.get(
        state_under_review__iso3="AFG",
        session=5,
        text__startswith="Enact legislation and take effective measures to protect",
    )
    assert rec.response == Response.SUPPORTED
    assert rec.cycle == 1
    assert rec.action_category == 5
    assert "AUT" in set(rec.recommending_states.values_list("iso3", flat=True))
    assert rec.source_labels["upr-info-issues"] == [
        "Rights of the Child",
        "Women's rights",
    ]


def test_mac_roman_accents_are_decoded(shared_data):
    import_recommendations(
        upr_info.parse(shared_data / "upr-info-terman" / "1-5.csv"), source="upr-info"
    )
    assert Recommendation.objects.filter(
        state_under_review__iso3="MAR",
        text__contains="Instance Equité - Reconciliation",
    ).exists()


def test_importing_the_same_file_again_changes_nothing(shared_data):
    parsed = upr_info.parse(shared_data / "upr-info-terman" / "voluntary.csv")
    first = import_recommendations(parsed, source="upr-info")
    ids = set(Recommendation.objects.values_list("id", "content_hash"))
    again = import_recommendations(
        upr_info.parse(shared_data / "upr-info-terman" / "voluntary.csv"),
        source="upr-info",
    )
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created
    assert set(Recommendation.objects.values_list("id", "content_hash")) == ids
    assert (
        Recommendation.objects.filter(response=Response.PLEDGE).count() == first.created
    )


def test_a_changed_record_is_updated_and_audited(tmp_path):
    header = "To,Text,From,Response,Session\r"
    path = tmp_path / "a.csv"
    path.write_text(header + 'Slovenia,"Ratify the Convention.",France,Noted,20\r')
    import_recommendations(upr_info.parse(path), source="upr-info")
    path.write_text(header + 'Slovenia,"Ratify the Convention.",France,Accepted,20\r')
    summary = import_recommendations(upr_info.parse(path), source="upr-info")
    assert (summary.created, summary.updated) == (0, 1)
    rec = Recommendation.objects.get()
    assert rec.response == Response.SUPPORTED
    event = AuditEvent.objects.get(action="recommendations.recommendation.updated")
    assert (event.before, event.after) == (
        {"response": "noted"},
        {"response": "supported"},
    )
