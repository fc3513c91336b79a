import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from uprtc.activities.choices import Provenance, Review
from uprtc.activities.models import Activity
from uprtc.core.models import AuditEvent
from uprtc.demo.activities import DATA as HUMAN_RIGHTS
from uprtc.iati.services import import_iati
from uprtc.iati.xml import IatiFileError

pytestmark = pytest.mark.django_db
FOODSECURITY = Path(__file__).resolve().parent / "fixtures" / "foodsecurity.xml"


def run(path: Path, *options: str) -> tuple[list[str], dict]:
    out = StringIO()
    call_command("import-iati", str(path), *options, stdout=out)
    lines = out.getvalue().splitlines()
    return lines, json.loads(lines[-1])


def test_strictly_the_real_publisher_file_imports_its_valid_activities_as_drafts():
    report = import_iati(
        HUMAN_RIGHTS.read_bytes(), actor="test", file_name="hr.xml", strict=True
    )
    counts = report.counts()
    assert counts["read"] == 248
    assert counts["read"] == (
        counts["imported"]
        + counts["updated"]
        + counts["unchanged"]
        + counts["rejected"]
    )
    assert counts["imported"] > 150 and counts["rejected"] > 19
    # each rejection names its line and identifier, and says why
    assert any("budget-item" in r and "line " in r for r in report.rejected)
    assert any("no recipient country" in r for r in report.rejected)
    activities = Activity.objects.filter(pk__in=report.imported)
    assert {a.review for a in activities} == {Review.DRAFT}
    assert {a.provenance for a in activities} == {Provenance.IATI}
    assert all(a.iati_identifier for a in activities)
    assert not Activity.objects.public().exists()


def test_re_importing_the_same_file_changes_nothing():
    first = import_iati(FOODSECURITY.read_bytes(), actor="test", file_name="f.xml")
    assert first.counts()["imported"] >= 1
    count = Activity.objects.count()
    again = import_iati(FOODSECURITY.read_bytes(), actor="test", file_name="f.xml")
    assert again.counts() == {
        "read": first.read,
        "imported": 0,
        "updated": 0,
        "rejected": len(first.rejected),
        "unchanged": len(first.imported),
        "imported_with_warnings": 0,
        "needs_states": 0,
        "filtered_out": 0,
    }
    assert Activity.objects.count() == count


def test_a_changed_activity_is_updated_not_duplicated():
    data = FOODSECURITY.read_bytes()
    first = import_iati(data, actor="test", file_name="f.xml")
    activity = Activity.objects.get(pk=first.imported[0])
    changed = data.replace(activity.title.encode(), b"A new title", 1)
    again = import_iati(changed, actor="test", file_name="f.xml")
    assert again.updated == [activity.pk]
    assert Activity.objects.get(pk=activity.pk).title == "A new title"
    assert (
        Activity.objects.filter(iati_identifier=activity.iati_identifier).count() == 1
    )
    assert AuditEvent.objects.filter(
        action="iati.activity.updated", object_id=str(activity.pk)
    ).exists()


def test_the_command_ends_with_the_json_summary_and_lists_rejections(tmp_path):
    lines, counts = run(HUMAN_RIGHTS, "--strict")
    assert list(counts)[:4] == ["read", "imported", "updated", "rejected"]
    rejected = [line for line in lines if line.startswith("rejected: ")]
    assert len(rejected) == counts["rejected"]


def test_a_file_that_is_not_xml_is_refused_and_nothing_is_written(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(FOODSECURITY.read_bytes()[:5000])
    with pytest.raises(CommandError) as caught:
        call_command("import-iati", str(broken), stdout=StringIO())
    assert "line " in str(caught.value) and "column " in str(caught.value)
    assert "nothing was imported" in str(caught.value)
    assert not Activity.objects.exists()


def test_a_wrong_file_version_is_refused_as_a_whole():
    data = FOODSECURITY.read_bytes().replace(b'version="2.03"', b"", 1)
    with pytest.raises(IatiFileError):
        import_iati(data, actor="test", file_name="f.xml")
    assert not Activity.objects.exists()


def test_a_budget_with_more_than_cents_is_unchanged_on_re_import():
    # real publishers write converted amounts such as 542905.84926762
    data = FOODSECURITY.read_bytes().replace(
        b'value-date="2022-10-31">505000<', b'value-date="2022-10-31">505000.4992676<'
    )
    first = import_iati(data, actor="test", file_name="f.xml")
    budgets = [a.budget for a in Activity.objects.filter(pk__in=first.imported)]
    assert any(b is not None and str(b).endswith(".50") for b in budgets), budgets
    again = import_iati(data, actor="test", file_name="f.xml")
    assert again.counts()["updated"] == 0
    assert again.counts()["unchanged"] == len(first.imported)
