"""The UHRI export in both of its forms (fixtures: tests/data/UHRI-FORMAT.md)."""

from pathlib import Path

import pytest

from uprtc.recommendations.importers import uhri
from uprtc.recommendations.models import Recommendation, Response
from uprtc.recommendations.services import import_recommendations

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("name", ["uhri-export-sample.json", "uhri-export-sample.xlsx"])
def test_both_forms_give_the_same_upr_recommendations(name):
    parsed = uhri.parse(DATA / name)
    assert parsed.rows == 13
    assert len(parsed.records) == 12
    assert (
        len(parsed.skipped) == 1
        and "not a UPR recommendation (body CRC)" in (parsed.skipped[0])
    )
    summary = import_recommendations(parsed, source="uhri")
    assert summary.created == 12
    rec = Recommendation.objects.get(paragraph="121.1", state_under_review__iso3="SVN")
    assert rec.source_id == "00000000-0000-4000-8000-000000000001"
    assert (rec.cycle, rec.session, rec.response) == (3, 34, Response.SUPPORTED)
    assert set(rec.recommending_states.values_list("iso3", flat=True)) == {"FRA", "LTU"}
    assert rec.themes.filter(slug="enforced-disappearances").exists()
    assert list(rec.sdg_goals.values_list("number", flat=True)) == [16]


def test_the_json_and_the_sheet_are_the_same_records():
    import_recommendations(uhri.parse(DATA / "uhri-export-sample.json"), source="uhri")
    again = import_recommendations(
        uhri.parse(DATA / "uhri-export-sample.xlsx"), source="uhri"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)


def test_partly_supported_and_sdg_targets_are_understood():
    import_recommendations(uhri.parse(DATA / "uhri-export-sample.json"), source="uhri")
    assert Recommendation.objects.filter(response=Response.PARTIAL).exists()
    assert Recommendation.objects.filter(sdg_targets__code__contains=".").exists()
    texts = Recommendation.objects.values_list("text", flat=True)
    assert not any("&nbsp;" in t or "\xa0" in t for t in texts)


def test_a_paragraph_listed_by_ohchr_and_by_uhri_is_one_recommendation():
    from uprtc.recommendations.importers import ohchr_docx

    docx = (
        DATA.parents[1]
        / ".."
        / "demo"
        / "data"
        / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx"
    ).resolve()
    import_recommendations(ohchr_docx.parse(docx), source="ohchr-docx")
    summary = import_recommendations(
        uhri.parse(DATA / "uhri-export-sample.json"), source="uhri"
    )
    assert Recommendation.objects.filter(paragraph="121.1", cycle=3).count() == 1
    assert summary.created == 3  # the three records of another State
    rec = Recommendation.objects.get(paragraph="121.1", cycle=3)
    assert rec.source == "uhri" and rec.source_id.endswith("0001")
