"""Uploads are checked by size and content; XML and ZIP tricks are refused at
every entry point; evidence is served only to those entitled to it."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from uprtc.activities import consent
from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.actors.services import issue_api_token
from uprtc.core import uploads
from uprtc.countries.models import Country
from uprtc.iati.services import import_iati
from uprtc.iati.xml import IatiFileError

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<iati-activities version="2.03"><iati-activity>&lol4;</iati-activity></iati-activities>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity>&xxe;</iati-activity></iati-activities>
"""
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_bomb_xlsx(size=300 * 2**20) -> bytes:
    """A real-looking XLSX whose sheet expands to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"0" * 2**20
            for _ in range(size // len(block)):
                f.write(block)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb_xlsx()


def test_a_table_is_told_apart_by_content_not_name():
    assert uploads.check_table(io.BytesIO(b"title,description\nA,B\n")).extension == (
        "csv"
    )
    with pytest.raises(uploads.UploadRejected, match="not text"):
        uploads.check_table(io.BytesIO(b"\x00\x01\x02binary"))
    with pytest.raises(uploads.UploadRejected, match="lacks"):
        fake = io.BytesIO()
        with zipfile.ZipFile(fake, "w") as archive:
            archive.writestr("word/document.xml", "<w/>")
        uploads.check_table(io.BytesIO(fake.getvalue()))


def test_each_kind_has_its_size_limit(settings):
    settings.UPLOAD_MAX_TABLE = 10
    with pytest.raises(uploads.UploadRejected, match="larger than"):
        uploads.check_table(io.BytesIO(b"a,b\n" * 10))
    settings.UPLOAD_MAX_EVIDENCE = 10
    with pytest.raises(uploads.UploadRejected, match="larger than"):
        uploads.check_evidence(io.BytesIO(PDF))


def test_evidence_must_be_a_pdf_image_or_docx_by_its_bytes():
    assert uploads.check_evidence(io.BytesIO(PDF)).extension == "pdf"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    assert uploads.check_evidence(io.BytesIO(png)).extension == "png"
    for forged in (b"<html><script>alert(1)</script>", b"MZ\x90\x00", b"GIF89a"):
        with pytest.raises(uploads.UploadRejected, match="PDF, PNG, JPEG or DOCX"):
            uploads.check_evidence(io.BytesIO(forged))


def test_a_zip_bomb_xlsx_is_refused_by_the_bulk_upload_page(client, personas, bomb):
    client.force_login(personas.submitter)
    response = client.post(
        "/en/activities/upload/",
        {"organization": personas.cso.pk, "file": SimpleUploadedFile("a.xlsx", bomb)},
    )
    assert "possible zip bomb" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_zip_bomb_xlsx_is_refused_by_the_nmirf_api(client, personas, bomb):
    response = client.post(
        "/api/v1/nmirf/SVN/import",
        {"file": SimpleUploadedFile("plan.xlsx", bomb)},
        HTTP_AUTHORIZATION=f"Bearer {issue_api_token(personas.focal_point)}",
    )
    assert response.status_code in (400, 422)
    assert "zip bomb" in response.content.decode()


def test_a_zip_bomb_is_refused_by_the_command_line_importers(tmp_path, bomb):
    path = tmp_path / "uhri.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError, match="zip bomb"):
        call_command(
            "import-recommendations", str(path), "--format", "uhri", stdout=StringIO()
        )


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["laughs", "xxe"])
def test_entity_tricks_are_refused_by_every_iati_entry_point(
    client, personas, tmp_path, payload
):
    client.force_login(personas.reviewer)
    page = client.post(
        "/en/iati/import/", {"file": SimpleUploadedFile("a.xml", payload)}
    ).content.decode()
    assert "DOCTYPE" in page and "root:" not in page
    with pytest.raises(IatiFileError, match="DOCTYPE"):
        import_iati(payload, actor="test", file_name="a.xml")
    path = tmp_path / "a.xml"
    path.write_bytes(payload)
    with pytest.raises((CommandError, IatiFileError, SystemExit)):
        call_command("import-iati", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Activity.objects.exists()


@pytest.fixture
def evidence(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = builders.approved(personas)
    record = consent.grant_consent(
        personas.reviewer,
        activity,
        Country.objects.get(iso3="SVN"),
        evidence=SimpleUploadedFile("../../note<script>.pdf", PDF),
    )
    return record


def test_evidence_is_stored_under_a_name_of_our_own(evidence, tmp_path):
    assert evidence.evidence.name.startswith("consent-evidence/")
    assert evidence.evidence.name.endswith(".pdf") and "script" not in (
        evidence.evidence.name
    )
    assert (tmp_path / evidence.evidence.name).read_bytes() == PDF


def test_forged_evidence_is_refused_and_nothing_recorded(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = builders.approved(personas)
    with pytest.raises(uploads.UploadRejected):
        consent.grant_consent(
            personas.reviewer,
            activity,
            Country.objects.get(iso3="SVN"),
            evidence=SimpleUploadedFile("note.pdf", b"<html>not a pdf</html>"),
        )
    assert activity.consents.get().evidence == ""


@pytest.mark.parametrize(
    "name, allowed",
    [
        ("anonymous", False),
        ("submitter", False),
        ("org_admin", False),
        ("outsider", False),
        ("other_state", False),
        ("focal_point", True),
        ("reviewer", True),
    ],
)
def test_evidence_is_a_sandboxed_download_for_entitled_people_only(
    client, personas, evidence, name, allowed
):
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    response = client.get(f"/en/activities/consents/{evidence.pk}/evidence")
    if not allowed:
        assert response.status_code in (302, 404)
        return
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_uploads_are_not_served_from_media_url(client, evidence):
    assert client.get(f"/media/{evidence.evidence.name}").status_code == 404
