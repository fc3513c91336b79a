"""Export to IATI, import into an empty repository, compare field for field
where IATI can carry them (README.md: what IATI cannot carry)."""

from io import StringIO

import pytest
from django.core.management import call_command

from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.iati import xml
from uprtc.iati.export import export_iati
from uprtc.iati.services import import_iati
from uprtc.iati.tests.builders import rich

pytestmark = pytest.mark.django_db


# what IATI can carry (README.md)
FIELDS = (
    "title description language concerned_states start_date end_date "
    "implementation_status cooperation_type budget currency sdg_goals sdg_targets "
    "themes recommendations participants links"
)


def carried(activity: Activity) -> dict:
    return builders.carried(activity, FIELDS)


def test_an_exported_activity_comes_back_the_same(personas):
    original = rich(personas)
    expected = carried(original)
    assert expected["themes"] and len(expected["recommendations"]) == 2
    data = b"".join(export_iati())
    assert xml.is_valid_document(xml.parse(data)), xml.schema().error_log

    report = import_iati(data, actor="test", file_name="export.xml")
    assert report.counts() == {
        "read": 1,
        "imported": 1,
        "updated": 0,
        "rejected": 0,
        "unchanged": 0,
        "imported_with_warnings": 0,
        "needs_states": 0,
        "filtered_out": 0,
    }
    assert report.warnings == []
    copy = Activity.objects.get(pk=report.imported[0])
    assert carried(copy) == expected
    assert copy.iati_identifier == f"XM-UPRTC-{original.pk}"
    # uprtc reports as a secondary reporter: the provider submits the draft
    assert copy.submitter_org == personas.cso
    assert copy.review == "draft" and copy.provenance == "iati"
    assert copy.contact_email == ""

    again = import_iati(data, actor="test", file_name="export.xml")
    assert again.counts()["unchanged"] == 1 and again.counts()["updated"] == 0


def test_the_demo_repository_exports_a_valid_document():
    call_command("load-demo", "--limit", "25", stdout=StringIO())
    public = Activity.objects.public().count()
    assert public > 10
    root = xml.parse(b"".join(export_iati()))
    assert xml.is_valid_document(root), xml.schema().error_log
    assert len(root.findall("iati-activity")) == public
