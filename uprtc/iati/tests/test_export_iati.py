from io import StringIO

import pytest
from django.core.management import call_command
from lxml import etree

from uprtc.activities import consent
from uprtc.activities.tests import builders as activity_builders
from uprtc.actors.models import OrgType, Role
from uprtc.countries.models import Country
from uprtc.iati import xml
from uprtc.iati.export import export_iati
from uprtc.iati.tests.builders import rich

pytestmark = pytest.mark.django_db


def document() -> etree._Element:
    return xml.parse(b"".join(export_iati()))


def test_it_exports_a_rich_activity_valid_against_the_schema(personas):
    activity = rich(personas)
    root = document()
    assert xml.is_valid_document(root), xml.schema().error_log
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    (element,) = root.findall("iati-activity")
    assert element.findtext("iati-identifier") == f"XM-UPRTC-{activity.pk}"
    assert element.find("reporting-org").get("secondary-reporter") == "1"
    assert element.find("activity-status").get("code") == "2"
    assert [
        (c.get("code"), c.get("percentage"))
        for c in element.findall("recipient-country")
    ] == [("SI", "100")]
    assert element.find("sector").attrib == {
        "code": "15160",
        "vocabulary": "1",
        "percentage": "100",
    }
    tags = {(t.get("vocabulary"), t.get("code")) for t in element.findall("tag")}
    assert {("2", "5"), ("2", "16"), ("3", "16.3"), ("3", "5.a")} <= tags
    roles = [
        (p.get("role"), p.findtext("narrative"))
        for p in element.findall("participating-org")
    ]
    assert ("3", "Civil Rights Defenders Slovenia") in roles and (
        "1",
        "Sweden",
    ) in roles
    value = element.find("budget/value")
    assert (value.text, value.get("currency")) == ("45000.50", "EUR")
    urls = [d.get("url") for d in element.findall("document-link")]
    assert urls[-1].endswith(f"/en/activities/{activity.pk}/")


def test_it_keeps_an_imported_identifier(personas):
    activity_builders.published(personas, iati_identifier="SE-0-SE-6-123")
    assert document().findtext("iati-activity/iati-identifier") == "SE-0-SE-6-123"


def test_it_shares_recipient_countries_to_exactly_100(personas):
    germany = personas.factory.make_org("Germany", OrgType.STATE, "DEU")
    deu_focal_point = personas.factory.make_member(germany, Role.FOCAL_POINT)
    activity = activity_builders.approved(personas, states=("SVN", "FRA", "DEU"))
    for person, iso3 in (
        (personas.focal_point, "SVN"),
        (personas.other_state, "FRA"),
        (deu_focal_point, "DEU"),
    ):
        consent.grant_consent(person, activity, Country.objects.get(iso3=iso3))
    shares = [c.get("percentage") for c in document().iterfind(".//recipient-country")]
    assert shares == ["33.33", "33.33", "33.34"]


def test_it_never_exports_contacts_or_unpublished_activities(personas):
    rich(personas)
    activity_builders.approved(personas, title="Awaiting consent seminar")
    activity_builders.draft(personas, title="Draft seminar")
    body = b"".join(export_iati()).decode()
    assert "ana@example.si" not in body and "Ana Novak" not in body
    assert "Awaiting consent" not in body and "Draft seminar" not in body


def test_the_endpoint_streams_xml(client, personas):
    rich(personas)
    response = client.get("/api/v1/export/iati.xml")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("application/xml")
    root = xml.parse(b"".join(response.streaming_content))
    assert xml.is_valid_document(root)
    spec = client.get("/api/v1/openapi.json").json()
    assert "application/xml" in str(spec["paths"]["/api/v1/export/iati.xml"])


def test_the_command_writes_to_standard_output_or_a_file(personas, tmp_path):
    rich(personas)
    out = StringIO()
    call_command("export-iati", stdout=out)
    assert xml.is_valid_document(xml.parse(out.getvalue().encode()))
    call_command("export-iati", "--out", str(tmp_path / "iati.xml"))
    assert (tmp_path / "iati.xml").read_bytes().count(b"<iati-activity ") == 1
