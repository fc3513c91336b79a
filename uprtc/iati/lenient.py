"""Which schema errors touch what uprtc reads (the lenient import).

Publishers commonly break parts of the standard uprtc never reads
(``country-budget-items``, ``transaction``, ``other-identifier``, an extra
``participating-org/@provider-activity-id`` …). The lenient import keeps such
an activity as a draft carrying its schema messages; an error in a part that
uprtc maps still rejects it. ``MAPPED`` is that list of parts: per top-level
element of ``<iati-activity>``, the attributes and child elements the reader
(``uprtc.demo.iati_seed.parse_activity``) uses, or ``ALL``.

Pure functions: no database, tested on their own."""

from __future__ import annotations

import copy
import re

from lxml import etree

ALL = None
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# top-level element → (attributes, child elements) uprtc reads; ALL = everything
MAPPED: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {
    "iati-identifier": ALL,
    "title": ALL,
    "description": ALL,
    "reporting-org": (
        frozenset({"ref", "type", "secondary-reporter"}),
        frozenset({"narrative"}),
    ),
    "participating-org": (frozenset({"ref", "type", "role"}), frozenset({"narrative"})),
    "activity-status": (frozenset({"code"}), frozenset()),
    "activity-date": (frozenset({"type", "iso-date"}), frozenset()),
    "recipient-country": (frozenset({"code"}), frozenset()),
    "recipient-region": (frozenset({"code", "vocabulary"}), frozenset()),
    "sector": (frozenset({"code", "vocabulary"}), frozenset()),
    "tag": (
        frozenset({"code", "vocabulary", "vocabulary-uri"}),
        frozenset({"narrative"}),
    ),
    "collaboration-type": (frozenset({"code"}), frozenset()),
    "budget": (
        frozenset({"type"}),
        frozenset({"period-start", "period-end", "value"}),
    ),
}
# attributes of <iati-activity> itself that uprtc reads (language, currency)
ACTIVITY_ATTRIBUTES = frozenset({XML_LANG, "xml:lang", "default-currency"})

_ATTRIBUTE = re.compile(r"attribute '([^']+)'")
_INDEX = re.compile(r"\[\d+\]")
ACTIVITY_PATH = "/iati-activities/iati-activity"


def attribute_of(message: str) -> str:
    """The attribute an lxml schema message is about, ``""`` if none."""
    found = _ATTRIBUTE.search(message)
    return found.group(1) if found else ""


def segments_of(path: str) -> list[str]:
    """``/iati-activities/iati-activity/budget[2]/value`` → ``[budget, value]``."""
    path = _INDEX.sub("", path or "")
    if not path.startswith(ACTIVITY_PATH):
        return []
    return [s for s in path[len(ACTIVITY_PATH) :].split("/") if s]


def touches_mapped(segments: list[str], attribute: str) -> bool:
    """Does an error at ``segments`` (below ``<iati-activity>``), about
    ``attribute`` (``""`` for content errors), touch what uprtc reads?
    Content errors on a mapped element count as touching it (a missing
    required child, a second title), as do errors on the activity itself
    except its unread attributes (``last-updated-datetime``, ``hierarchy`` …)."""
    if not segments:
        return not attribute or attribute in ACTIVITY_ATTRIBUTES
    if segments[0] not in MAPPED:
        return False
    spec = MAPPED[segments[0]]
    if spec is ALL:
        return True
    attributes, children = spec
    if len(segments) > 1:
        return segments[1] in children
    return not attribute or attribute in attributes


def error_touches_mapped(path: str, message: str) -> bool:
    return touches_mapped(segments_of(path), attribute_of(message))


def element_segments(element: etree._Element) -> list[str]:
    """Tags from below the enclosing ``<iati-activity>`` down to ``element``."""
    tags: list[str] = []
    node: etree._Element | None = element
    while node is not None and node.tag != "iati-activity":
        tags.append(str(node.tag))
        node = node.getparent()
    return tags[::-1]


def mapped_only(activity: etree._Element) -> etree._Element:
    """A copy keeping only the top-level elements uprtc reads: validating it
    finds errors in mapped parts that an earlier error elsewhere would hide
    (libxml2 stops checking a parent's content at its first misplaced child).
    Every element the schema requires is mapped, so pruning adds no error."""
    pruned = copy.deepcopy(activity)
    for child in list(pruned):
        if not isinstance(child.tag, str) or child.tag not in MAPPED:
            pruned.remove(child)
    return pruned
