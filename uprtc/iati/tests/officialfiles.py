"""The official IATI should-fail test files, made to carry only their fault.

The files are templates: besides the fault each one tests, they hold
placeholder codes (``type="xx"``, ``role="xx"``, an empty identifier) that no
real file has and that would make every one of them fail on the same mapped
codes. ``only_the_fault`` fills those placeholders with valid codes."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ACTIVITY_TESTS = FIXTURES / "activity-tests" / "should-fail"
IATI_ACTIVITY_TESTS = FIXTURES / "should-fail-iati-activities"

# (element, attribute) → a valid code, used only where the template says "xx"
PLACEHOLDERS = {
    ("reporting-org", "type"): "40",
    ("participating-org", "role"): "1",
    ("activity-status", "code"): "2",
    ("activity-date", "type"): "1",
}


def should_fail_files() -> list[Path]:
    return sorted(ACTIVITY_TESTS.rglob("*.xml")) + sorted(
        IATI_ACTIVITY_TESTS.rglob("*.xml")
    )


def name_of(path: Path) -> str:
    for base in (ACTIVITY_TESTS, IATI_ACTIVITY_TESTS):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return path.name


def only_the_fault(path: Path) -> bytes:
    root = etree.fromstring(path.read_bytes())
    if root.get("version") == "xx":
        root.set("version", "2.03")
    for n, activity in enumerate(root.iterchildren("iati-activity")):
        identifier = activity.find("iati-identifier")
        if identifier is not None and not (identifier.text or "").strip():
            identifier.text = f"XM-TEST-{n}"
        recipient = activity.find("recipient-country")
        if recipient is None:
            # so the outcome depends on the fault, not on the States
            before = activity.findall("activity-date") or activity.findall(
                "activity-status"
            )
            if before:
                before[-1].addnext(etree.Element("recipient-country", code="SI"))
        for (tag, attribute), code in PLACEHOLDERS.items():
            for element in activity.iter(tag):
                if element.get(attribute) == "xx":
                    element.set(attribute, code)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
