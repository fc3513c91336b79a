"""Malformed recommendation files, generated: the import either refuses the
whole file with a message saying where, writing nothing, or imports it with a
summary that accounts for every record."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uprtc.core.models import AuditEvent
from uprtc.recommendations.importers import ohchr_docx, uhri, upr_info
from uprtc.recommendations.importers.base import ImportFormatError
from uprtc.recommendations.models import Recommendation
from uprtc.recommendations.services import import_recommendations

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STATES = st.sampled_from(["Slovenia", "France", "SVN", "Atlantis", "", "  "])
NUMBERS = st.sampled_from(
    ["34", "-5", "0", "", "99999", "2147483648", "twelve", "1e3", "٣٤", " 7 "]
) | st.integers(-5, 40).map(str)
# cells that Word and spreadsheets can hold (no control characters)
CELL = st.sampled_from(
    ["Adopt a national action plan", '"', "a,b", "line\nbreak", "Accepted"]
) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


def counts() -> tuple[int, int]:
    return Recommendation.objects.count(), AuditEvent.objects.count()


def check_import(parse, content: bytes, suffix: str, *, located: bool) -> None:
    """The property every importer keeps, whatever the bytes."""
    before = counts()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(content)
        try:
            parsed = parse(path)
            summary = import_recommendations(parsed, source="upr-info")
        except ImportFormatError as exc:
            assert str(exc).strip()
            if located:
                assert exc.line is not None, str(exc)
            assert counts() == before  # nothing half-written
            return
    records = len(parsed.records)
    twice = sum("appears twice" in w for w in summary.warnings)
    unknown = len(summary.skipped) - len(parsed.skipped)
    assert (
        summary.created + summary.updated + summary.unchanged + twice + unknown
        == records
    )
    assert parsed.rows >= records + len(parsed.skipped) or records == parsed.rows


def csv_row(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


@st.composite
def upr_info_files(draw) -> bytes:
    header = ["To", "To-Rgrp", "Text", "From", "Response", "Action", "Issue", "Session"]
    if draw(st.booleans()):
        header = draw(st.permutations(header))[: draw(st.integers(3, 8))]
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 5))):
        cells = {
            "To": draw(STATES),
            "To-Rgrp": "EEG",
            "Text": draw(CELL),
            "From": draw(STATES),
            "Response": draw(st.sampled_from(["Accepted", "Noted", "", "Maybe"])),
            "Action": draw(NUMBERS),
            "Issue": draw(CELL),
            "Session": draw(NUMBERS),
        }
        row = [cells[h] for h in header]
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]
        text = csv_row(row)
        if draw(st.integers(0, 9)) == 0:
            text = text[: draw(st.integers(0, len(text)))]  # truncated
        lines.append(text)
    newline = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return newline.join(lines).encode(encoding, errors="replace")


@FUZZ
@given(content=upr_info_files() | st.binary(max_size=200))
def test_upr_info_csv_never_half_imports(content):
    check_import(upr_info.parse, content, ".csv", located=True)


def json_value():
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=5), children, max_size=3)
        ),
        max_leaves=6,
    )


@st.composite
def uhri_records(draw) -> dict:
    record = {
        "Text": draw(st.one_of(CELL, json_value())),
        "Countries": draw(
            st.one_of(STATES, st.lists(STATES, max_size=2), json_value())
        ),
        "Body": draw(st.sampled_from(["UPR", "upr", "CRC", ""]) | json_value()),
        "UprPositions": draw(
            st.sampled_from(["Supported", "Noted", ""]) | json_value()
        ),
        "AnnotationId": draw(st.text(max_size=8) | json_value()),
        "UprSession": draw(NUMBERS | json_value()),
        "UprCycle": draw(NUMBERS | json_value()),
        "Themes": draw(json_value()),
        "Sdgs": draw(json_value()),
        "UprRecommendingCountry": draw(st.lists(STATES, max_size=2) | json_value()),
    }
    drop = draw(st.sets(st.sampled_from(sorted(record)), max_size=2))
    return {k: v for k, v in record.items() if k not in drop}


@FUZZ
@given(
    data=st.lists(uhri_records() | json_value(), max_size=4)
    | json_value()
    | st.dictionaries(st.just("items"), st.lists(uhri_records(), max_size=3)),
    cut=st.integers(0, 400),
)
def test_uhri_json_never_half_imports(data, cut):
    text = json.dumps(data, allow_nan=True)
    if cut < 40:  # now and then a truncated file
        text = text[: len(text) * cut // 40]
    check_import(uhri.parse, text.encode(), ".json", located=False)


@st.composite
def docx_files(draw) -> bytes:
    import docx

    document = docx.Document()
    header = draw(
        st.sampled_from(
            [
                "UPR of Slovenia (3rd Cycle – 34th Session)",
                "UPR of Atlantis (3rd Cycle – 34th Session)",
                "UPR of Slovenia (3rd Cycle – 99999th Session)",
                "Thematic list",
            ]
        )
    )
    document.sections[0].header.paragraphs[0].text = header
    rows = draw(st.integers(0, 4))
    table = document.add_table(rows=rows + 1, cols=draw(st.integers(2, 4)))
    table.rows[0].cells[0].text = draw(st.sampled_from(["Recommendation", "Other"]))
    for row in table.rows[1:]:
        row.cells[0].text = draw(
            st.sampled_from(["115.1 Adopt a law (France);", "Theme: A1", ""]) | CELL
        )
        row.cells[1].text = draw(st.sampled_from(["Supported", "Noted", "Maybe", ""]))
    out = io.BytesIO()
    document.save(out)
    content = out.getvalue()
    if draw(st.integers(0, 5)) == 0:
        content = content[: draw(st.integers(0, len(content)))]
    return content


@FUZZ
@given(content=docx_files() | st.binary(max_size=100))
def test_ohchr_docx_never_half_imports(content):
    check_import(ohchr_docx.parse, content, ".docx", located=False)
