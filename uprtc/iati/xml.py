"""Safe parsing of IATI XML and validation against the shipped 2.03 schema."""

from __future__ import annotations

import copy
import functools
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from lxml import etree

from uprtc.iati import lenient

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
    # does it touch a part uprtc reads (``lenient.MAPPED``)? Unknown → yes
    mapped: bool = True


# Untrusted uploads: no entity expansion (XXE, billion laughs), no network,
# no DTD, and libxml2's default size limits.
SAFE = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parser() -> etree.XMLParser:
    return etree.XMLParser(**SAFE)


Source = bytes | Path


def _open(source: Source) -> IO[bytes]:
    return source.open("rb") if isinstance(source, Path) else io.BytesIO(source)


def _syntax_error(exc: etree.XMLSyntaxError) -> IatiFileError:
    line, column = exc.position if exc.position else (None, None)
    return IatiFileError(
        _("not a well-formed XML file: %(e)s") % {"e": _POSITION.sub("", exc.msg)},
        line,
        column,
    )


def _check_doctype(root: etree._Element) -> None:
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        # IATI never needs a DTD; refusing it closes every entity trick at once
        raise IatiFileError(_("a DOCTYPE is not allowed in an IATI file"), 1)


def _check_root(root: etree._Element) -> None:
    _check_doctype(root)
    if root.tag != "iati-activities":
        raise IatiFileError(
            _("the root element is <%(tag)s>, not <iati-activities>")
            % {"tag": root.tag},
            root.sourceline,
        )
    problems = root_problems(root)
    if problems:
        raise IatiFileError(problems[0].message, problems[0].line)


def iter_activities(
    source: Source, on_root: Callable[[etree._Element], None] | None = None
) -> Iterator[etree._Element]:
    """Each ``<iati-activity>`` of the file in turn, in bounded memory: an
    activity is freed once the caller has moved on to the next. The root is
    checked at its start tag (DOCTYPE, tag, its own schema attributes; or
    ``on_root``); a syntax error raises IatiFileError where it is met."""
    with _open(source) as handle:
        events = etree.iterparse(handle, events=("start", "end"), **SAFE)
        depth = 0
        try:
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        (on_root or _check_root)(element)
                    continue
                depth -= 1
                if depth == 1 and element.tag == "iati-activity":
                    yield element
                if depth == 1:
                    # done with this child: drop it and what came before it
                    element.clear(keep_tail=False)
                    parent = element.getparent()
                    while parent is not None and len(parent):
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(exc) from None


def check_file(source: Source) -> int:
    """Read the whole file once, streaming, before anything is written: the
    number of activities, or IatiFileError for a file that is not a readable
    IATI activity file. A syntax error anywhere is reported before a problem
    of the root's attributes, as a whole-file parse would."""
    root_errors: list[IatiFileError] = []

    def on_root(root: etree._Element) -> None:
        _check_doctype(root)
        try:
            _check_root(root)
        except IatiFileError as exc:
            root_errors.append(exc)

    count = sum(1 for _ in iter_activities(source, on_root))
    if root_errors:
        raise root_errors[0]
    return count


def parse(data: bytes) -> etree._Element:
    """The root of an IATI activity file, or IatiFileError naming line/column."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc) from None
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
    return [
        Problem(
            e.line or None, e.message, lenient.error_touches_mapped(e.path, e.message)
        )
        for e in log
    ]


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


def activity_problems(activity: etree._Element, copied: bool = False) -> list[Problem]:
    """Schema errors of one ``<iati-activity>``, validated on its own."""
    wrapper = etree.Element("iati-activities", version=VERSION, nsmap=activity.nsmap)
    wrapper.append(activity if copied else copy.deepcopy(activity))
    validator = schema()
    if validator.validate(wrapper):
        return []
    return _problems(validator.error_log)


def blocking_problems(activity: etree._Element) -> list[Problem]:
    """Schema errors in the parts uprtc reads, found on a copy holding only
    those parts (see ``lenient.mapped_only``)."""
    pruned = lenient.mapped_only(activity)
    return [p for p in activity_problems(pruned, copied=True) if p.mapped]


def is_valid_document(root: etree._Element) -> bool:
    return bool(schema().validate(root))
