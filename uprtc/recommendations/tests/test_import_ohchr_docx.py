"""OHCHR thematic lists of recommendations for Slovenia (the shipped copies)."""

from collections import Counter
from pathlib import Path

import pytest

from uprtc.recommendations.importers import ohchr_docx
from uprtc.recommendations.models import Recommendation, Response
from uprtc.recommendations.services import import_recommendations

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
CYCLE2 = DATA / "UPR20__Slovenia_ThematicListRecommendations_E.docx"
CYCLE3 = DATA / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx"


def test_it_reads_every_row_with_state_cycle_session_and_positions():
    parsed = ohchr_docx.parse(CYCLE2)
    assert parsed.rows == 163
    assert {(r.state, r.cycle, r.session) for r in parsed.records} == {
        ("Slovenia", 2, 20)
    }
    assert Counter(r.response for r in parsed.records) == {
        Response.SUPPORTED: 142,
        Response.NOTED: 21,
    }
    parsed3 = ohchr_docx.parse(CYCLE3)
    assert parsed3.rows == 215
    assert Counter(r.response for r in parsed3.records) == {
        Response.SUPPORTED: 182,
        Response.NOTED: 33,
    }


def test_a_known_recommendation_has_all_its_fields():
    summary = import_recommendations(ohchr_docx.parse(CYCLE3), source="ohchr-docx")
    assert summary.created == 215 and not summary.skipped and not summary.warnings
    rec = Recommendation.objects.get(paragraph="121.1", cycle=3)
    assert rec.text.startswith("Ratify the International Convention for the Protection")
    assert rec.state_under_review.iso3 == "SVN"
    assert set(rec.recommending_states.values_list("iso3", flat=True)) == {"FRA", "LTU"}
    assert rec.document_symbol == "A/HRC/43/15"
    assert rec.response_source == "A/HRC/43/15 - Para 121"  # supported at the session
    # the 2019 name "Acceptance of international norms" lands on today's theme
    assert set(rec.themes.values_list("slug", flat=True)) == {
        "ratification-of-and-accession-to-international-instruments",
        "enforced-disappearances",
    }
    assert list(rec.sdg_goals.values_list("number", flat=True)) == [16]
    assert list(rec.affected_persons.values_list("name_en", flat=True)) == [
        "Disappeared persons"
    ]


def test_the_2014_coded_themes_map_to_current_themes():
    import_recommendations(ohchr_docx.parse(CYCLE2), source="ohchr-docx")
    rec = Recommendation.objects.get(paragraph="115.2", cycle=2)
    slugs = set(rec.themes.values_list("slug", flat=True))
    assert "ratification-of-and-accession-to-international-instruments" in slugs
    assert "racial-discrimination" in slugs
    assert not rec.source_labels.get("unmapped_themes")


def test_every_theme_and_group_of_both_lists_is_in_the_vocabulary():
    for path in (CYCLE2, CYCLE3):
        import_recommendations(ohchr_docx.parse(path), source="ohchr-docx")
    unmapped = [
        r.source_labels
        for r in Recommendation.objects.all()
        if set(r.source_labels)
        & {"unmapped_themes", "unmapped_affected_persons", "unmapped_sdgs"}
    ]
    assert unmapped == []
    assert Recommendation.objects.filter(themes__isnull=True).count() == 0


def test_unresolved_recommending_names_are_reported_and_kept():
    summary = import_recommendations(ohchr_docx.parse(CYCLE2), source="ohchr-docx")
    assert any("'ICRMW' not recognised" in w for w in summary.warnings)
    rec = Recommendation.objects.get(recommending_names__contains="ICRMW")
    assert "ICRMW" in rec.recommending_names
