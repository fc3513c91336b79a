"""Safe parsing of IATI XML and validation against the shipped 2.03 schema."""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

SCHEMA = Path(__file__).resolve().parent / "schema" / "iati-activities-schema.xsd"
VERSION = "2.03"
_POSITION = re.compile(r", line \d+, column \d+$")  # lxml repeats the position


class IatiFileError(Exception):
    """The file as a whole cannot be read; nothing is imported."""

    def __init__(
        self, message: str, line: int | None = None, column: int | None = None
    ):
        self.message, self.line, self.column = message, line, column
        where = ""
        if line:
            where = _("line %(line)s") % {"line": line}
            if column:
                where += ", " + _("column %(column)s") % {"column": column}
            where += ": "
        super().__init__(where + message)


@dataclass
class Problem:
    line: int | None
    message: str


def parser() -> etree.XMLParser:
    # Untrusted uploads: no entity expansion (XXE, billion laughs), no network,
    # no DTD, and libxml2's default size limits.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes) -> etree._Element:
    """The root of an IATI activity file, or IatiFileError naming line/column."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise IatiFileError(
            _("not a well-formed XML file: %(e)s") % {"e": _POSITION.sub("", exc.msg)},
            line,
            column,
        ) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        # IATI never needs a DTD; refusing it closes every entity trick at once
        raise IatiFileError(_("a DOCTYPE is not allowed in an IATI file"), 1)
    if root.tag != "iati-activities":
        raise IatiFileError(
            _("the root element is <%(tag)s>, not <iati-activities>")
            % {"tag": root.tag},
            root.sourceline,
        )
    return root


@functools.cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser()))


def _problems(log: etree._ListErrorLog) -> list[Problem]:
    return [Problem(e.line or None, e.message) for e in log]


def root_problems(root: etree._Element) -> list[Problem]:
    """Schema errors of ``<iati-activities>`` itself (version, dates)."""
    shell = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
    shell.sourceline = root.sourceline
    validator = schema()
    if validator.validate(shell):
        return []
    # the shell has no activity on purpose: only its own attributes count here
    return [
        Problem(root.sourceline, e.message)
        for e in validator.error_log
        if e.type_name != "SCHEMAV_ELEMENT_CONTENT"
    ]


def activity_problems(activity: etree._Element) -> list[Problem]:
    """Schema errors of one ``<iati-activity>``, validated on its own."""
    wrapper = etree.Element("iati-activities", version=VERSION, nsmap=activity.nsmap)
    wrapper.append(copy.deepcopy(activity))
    validator = schema()
    if validator.validate(wrapper):
        return []
    return _problems(validator.error_log)


def is_valid_document(root: etree._Element) -> bool:
    return bool(schema().validate(root))
