"""Malformed files get an error naming the line (and column) and change nothing."""

import io
import zipfile

import pytest

from uprtc.core.models import AuditEvent
from uprtc.recommendations.importers import ohchr_docx, uhri, upr_info
from uprtc.recommendations.importers.base import ImportFormatError
from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

HEADER = "To,To-Rgrp,Text,From,Response,Action,Issue,Session\r"
GOOD = (
    'Slovenia,EEG,"Adopt a national action plan.",Spain,Accepted,4,'
    '"Women\'s rights",20\r'
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(
        content if isinstance(content, bytes) else content.encode("mac_roman")
    )
    return path


@pytest.fixture
def unchanged():
    """Asserts, after the test, that the database holds what it held before."""
    before = (Recommendation.objects.count(), AuditEvent.objects.count())
    yield
    assert (Recommendation.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    "content, where, message",
    [
        (HEADER + GOOD + 'Slovenia,EEG,"Adopt a law on', "line 3", "may be truncated"),
        (HEADER + GOOD + "Slovenia,EEG,", "line 3", "expected 8 fields, found 3"),
        (
            HEADER + GOOD.replace(",20\r", ",twenty\r"),
            "line 2, column Session",
            "'twenty' is not a whole number",
        ),
        (
            HEADER + GOOD.replace("Accepted", "Maybe"),
            "line 2, column Response",
            "unknown response 'Maybe'",
        ),
        (
            HEADER.replace("Response,", "") + GOOD,
            "line 1",
            "missing column(s) Response",
        ),
        (HEADER, "line 2", "no recommendations"),
        ("", "line 1", "the file is empty"),
    ],
)
def test_bad_csv_files_name_the_line_and_column(
    tmp_path, unchanged, content, where, message
):
    with pytest.raises(ImportFormatError) as error:
        upr_info.parse(write(tmp_path, "bad.csv", content))
    assert str(error.value).startswith(where)
    assert message in str(error.value)


def test_a_file_in_a_wrong_encoding_is_refused(tmp_path, unchanged):
    utf16_without_bom = (HEADER + GOOD).encode("utf-16-le")
    with pytest.raises(ImportFormatError, match="line 1: the file is not text"):
        upr_info.parse(write(tmp_path, "utf16.csv", utf16_without_bom))


def test_a_spreadsheet_renamed_to_csv_is_refused(tmp_path, unchanged):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ImportFormatError, match="ZIP container"):
        upr_info.parse(write(tmp_path, "sheet.csv", buffer.getvalue()))


def test_other_encodings_are_detected(tmp_path):
    text = HEADER + GOOD.replace("Adopt a national", "Adopt a régional")
    for encoding in ("utf-8", "utf-8-sig", "cp1252", "mac_roman", "utf-16"):
        parsed = upr_info.parse(
            write(tmp_path, f"{encoding}.csv", text.encode(encoding))
        )
        assert parsed.records[0].text == "Adopt a régional action plan.", encoding
    # LF and CRLF line ends too
    for end in ("\n", "\r\n"):
        parsed = upr_info.parse(write(tmp_path, "le.csv", text.replace("\r", end)))
        assert len(parsed.records) == 1


def test_a_docx_without_the_table_is_refused(tmp_path, unchanged):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[
        0
    ].text = "UPR of Slovenia (3rd Cycle - 34th Session)"
    document.add_paragraph("Thematic list of recommendations")
    path = tmp_path / "no-table.docx"
    document.save(path)
    with pytest.raises(ImportFormatError, match="no table of recommendations"):
        ohchr_docx.parse(path)


def test_a_file_that_is_not_a_docx_is_refused(tmp_path, unchanged):
    with pytest.raises(ImportFormatError, match="not a Word .docx file"):
        ohchr_docx.parse(write(tmp_path, "list.docx", HEADER + GOOD))


def test_broken_uhri_json_names_line_and_column(tmp_path, unchanged):
    path = write(tmp_path, "export.json", '[\n{"Text": "x",\n "Body" "UPR"}\n]')
    with pytest.raises(ImportFormatError) as error:
        uhri.parse(path)
    assert str(error.value).startswith("line 3, column 9: Expecting ':' delimiter")


def test_a_uhri_sheet_without_its_columns_is_refused(tmp_path, unchanged):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Text", "Countries Concerned", "Themes"])
    book.active.append(["121.1 Ratify the Convention (France);", "- Slovenia", "- x"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    with pytest.raises(
        ImportFormatError,
        match="line 1: missing column.*Reccomending Body.*OHCHR Annotation Id",
    ):
        uhri.parse(path)


@pytest.mark.parametrize("session", ["-5", "0", "99999"])
def test_a_session_the_database_cannot_hold_refuses_the_file(
    tmp_path, unchanged, session
):
    """Found by the fuzz tests: these reached the database (a CHECK violation
    on SQLite, smallint out of range on PostgreSQL: a server error)."""
    from django.core.management import CommandError, call_command

    path = write(tmp_path, "bad.csv", HEADER + GOOD.replace(",20\r", f",{session}\r"))
    with pytest.raises(CommandError, match="line 2, column session: .*nothing was"):
        call_command("import-recommendations", str(path), "--format", "upr-info")
