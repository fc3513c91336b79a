from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from uprtc.core.models import AuditEvent
from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db
DOCX = (
    Path(__file__).resolve().parents[2]
    / "demo"
    / "data"
    / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx"
)


def run(*args):
    out = StringIO()
    call_command("import-recommendations", *map(str, args), stdout=out)
    return out.getvalue()


def test_it_prints_a_summary_and_is_idempotent():
    out = run(DOCX, "--format", "ohchr-docx")
    assert out.strip().splitlines()[-1] == (
        f"{DOCX.name}: read 215, created 215, updated 0, unchanged 0, "
        "skipped 0, warnings 0"
    )
    out = run(DOCX, "--format", "ohchr-docx")
    assert "created 0, updated 0, unchanged 215" in out
    event = AuditEvent.objects.filter(action="recommendations.import.completed").first()
    assert event.data["file"] == DOCX.name and event.data["unchanged"] == 215


def test_unknown_states_under_review_are_skipped_with_the_reason(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(
        "To,Text,From,Response,Session\n"
        "Atlantis,Ratify the Convention.,France,Accepted,3\n"
        "Slovenia,Adopt a plan.,Atlantis,Accepted,20\n"
    )
    out = run(path, "--format", "upr-info")
    assert "skipped: line 2: unknown State under review 'Atlantis'" in out
    assert "warning: line 3: recommending State 'Atlantis' not recognised" in out
    assert "read 2, created 1, updated 0, unchanged 0, skipped 1, warnings 1" in out
    assert Recommendation.objects.get().recommending_names == "Atlantis"


def test_a_malformed_file_is_an_error_and_changes_nothing(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('To,Text,From,Response,Session\nSlovenia,"Adopt a pl')
    with pytest.raises(CommandError, match=r"line 2: .*nothing was imported"):
        run(path, "--format", "upr-info")
    assert not Recommendation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv", "--format", "upr-info")


def test_a_rerun_indexes_what_a_killed_import_left_unindexed():
    """An import killed after its commit, before the search index was written
    (bench/faults.py import-kill), left rows that the rerun finds unchanged."""
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import import_recommendations
    from uprtc.search.models import SearchDocument

    import_recommendations(ohchr_docx.parse(DOCX), source="ohchr-docx")
    assert not SearchDocument.objects.exists()
    out = run(DOCX, "--format", "ohchr-docx")
    assert "unchanged 215" in out and "search index: 215 documents" in out
    assert SearchDocument.objects.filter(kind="recommendation").count() == 215
