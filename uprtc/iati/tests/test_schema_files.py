"""The official IATI schema tests, per activity as the importer sees them.

"Schema valid" is not "importable": some should-pass activities have no
recipient country, which uprtc needs (concerned States), or use codes outside
the codelists; the importer rejects those, but never for a schema error."""

from pathlib import Path

import pytest

from uprtc.iati import importer, xml

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "activity-tests"
PASS = sorted((FIXTURES / "should-pass").rglob("*.xml"))
FAIL = sorted((FIXTURES / "should-fail").rglob("*.xml"))


def test_the_official_test_files_are_shipped():
    assert len(PASS) == 58 and len(FAIL) == 225


@pytest.mark.parametrize("path", PASS, ids=lambda p: p.name)
def test_should_pass_files_have_no_schema_error(path):
    root = xml.parse(path.read_bytes())
    assert xml.root_problems(root) == []
    for activity in root.iterchildren("iati-activity"):
        assert xml.activity_problems(activity) == []


@pytest.mark.parametrize("path", FAIL, ids=lambda p: p.name)
def test_strictly_should_fail_files_are_rejected_with_a_message(path):
    try:
        entries = importer.read(path.read_bytes(), strict=True)
    except xml.IatiFileError as exc:
        assert exc.message
        return
    rejected = [e for e in entries if e.problems]
    assert rejected, path
    assert all(e.reason() for e in rejected)
    # every rejection names the line of the fault
    assert all(e.problems[0].line for e in rejected)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity>
<iati-identifier>&secret;</iati-identifier></iati-activity></iati-activities>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]><iati-activities version="2.03"><iati-activity>
<iati-identifier>&lol9;</iati-identifier></iati-activity></iati-activities>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entity_tricks_are_refused_before_anything_is_read(data):
    # libxml2 stops the billion laughs itself; our DOCTYPE rule stops the rest
    with pytest.raises(xml.IatiFileError) as caught:
        xml.parse(data)
    message = str(caught.value)
    assert "DOCTYPE" in message or "amplification" in message
    assert "root:" not in message


def test_the_parser_never_expands_entities():
    parser = xml.parser()
    from lxml import etree

    root = etree.fromstring(XXE, parser)
    assert "root:" not in etree.tostring(root).decode()


def test_a_file_that_is_not_xml_names_line_and_column():
    with pytest.raises(xml.IatiFileError) as caught:
        xml.parse(b'<iati-activities version="2.03">\n<iati-activity>\n</oops>')
    assert caught.value.line == 3 and caught.value.column
    assert str(caught.value).startswith("line 3, column")
