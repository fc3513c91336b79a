"""The IATI import with malformed files: a file-level problem is an
``IatiFileError`` with a message and nothing written; otherwise every activity
read is imported, updated, unchanged or rejected with its reason."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uprtc.activities.models import Activity
from uprtc.core.tests.fuzz import FUZZ, JUNK
from uprtc.iati.services import import_iati
from uprtc.iati.xml import IatiFileError

pytestmark = pytest.mark.django_db
VALID = (Path(__file__).resolve().parent / "fixtures" / "foodsecurity.xml").read_bytes()
# places where publishers' files go wrong: codes, dates, amounts, identifiers
TARGETS = [
    b'code="',
    b'iso-date="',
    b"<value ",
    b"<iati-identifier>",
    b'xml:lang="',
    b'percentage="',
    b'vocabulary="',
    b'type="',
]


@st.composite
def mutated(draw):
    data = VALID
    for _ in range(draw(st.integers(1, 4))):
        # mostly wrong values in a well-formed file, sometimes a broken file
        kind = draw(st.sampled_from([0, 0, 0, 0, 3, 3, 1, 2]))
        if not data:
            break
        if kind == 0:  # a value replaced by junk
            target = draw(st.sampled_from(TARGETS))
            at = data.find(target, draw(st.integers(0, len(data) - 1)))
            if at >= 0:
                start = at + len(target)
                junk = draw(JUNK).replace('"', "").replace("<", "")
                data = data[:start] + junk.encode() + data[start:]
        elif kind == 1:  # truncated
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == 2:  # bytes replaced
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        else:  # an element removed
            tag = draw(st.sampled_from([b"title", b"recipient-country", b"budget"]))
            start = data.find(b"<" + tag)
            end = data.find(b"</" + tag + b">", start)
            if start >= 0 and end >= 0:
                data = data[:start] + data[end + len(tag) + 3 :]
    return data


@FUZZ
@given(data=mutated())
def test_a_malformed_file_is_refused_or_reported_never_raised(data):
    before = Activity.objects.count()
    try:
        report = import_iati(data, actor="fuzz", file_name="f.xml")
    except IatiFileError as exc:
        assert exc.message
        assert Activity.objects.count() == before
        return
    counts = report.counts()
    assert counts["read"] == (
        counts["imported"]
        + counts["updated"]
        + counts["unchanged"]
        + counts["rejected"]
    )
    assert Activity.objects.count() == before + counts["imported"]
    assert all(reason.strip() for reason in report.rejected)
