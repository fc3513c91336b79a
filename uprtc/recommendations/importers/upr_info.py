"""The UPR Info database export (CSV: one row per recommending State).

Real files are Mac Roman with CR line ends (classic Mac Excel); the encoding
and line ends are detected. Rows repeating a text for several recommending
States become one recommendation with several recommending States.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from uprtc.recommendations.importers.base import (
    ImportFormatError,
    ParsedFile,
    ParsedRecommendation,
    read_text,
)
from uprtc.recommendations.models import Response, cycle_of_session

REQUIRED = ["To", "Text", "From", "Response", "Session"]
RESPONSES = {
    "accepted": Response.SUPPORTED,
    "supported": Response.SUPPORTED,
    "noted": Response.NOTED,
    "rejected": Response.NOTED,  # older exports say "rejected" for noted
    "voluntary pledge": Response.PLEDGE,
    "": "",
}


def _int(value: str, *, line: int, column: str, required: bool) -> int | None:
    value = value.strip()
    if not value and not required:
        return None
    try:
        return int(value)
    except ValueError:
        raise ImportFormatError(
            _("%(value)r is not a whole number") % {"value": value},
            line=line,
            column=column,
        ) from None


def _rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the row starts, cells by column name); strict about shape."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise ImportFormatError(_("no header row: %(e)s") % {"e": exc}, line=1) from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFormatError(
            _("missing column(s) %(cols)s; found %(found)s")
            % {"cols": ", ".join(missing), "found": ", ".join(header)},
            line=1,
        )
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFormatError(
                _("%(error)s (a quoted field is not closed: the file may be truncated)")
                % {"error": exc},
                line=start,
            ) from exc
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ImportFormatError(
                _("expected %(n)s fields, found %(m)s (the file may be truncated)")
                % {"n": len(header), "m": len(row)},
                line=line,
            )
        yield line, {name: cell.strip() for name, cell in zip(header, row, strict=True)}


def _record(line: int, get: dict[str, str]) -> ParsedRecommendation:
    session = _int(get["Session"], line=line, column="Session", required=True)
    response = get["Response"].lower()
    if response not in RESPONSES:
        raise ImportFormatError(
            _("unknown response %(value)r (Accepted, Noted or Voluntary Pledge)")
            % {"value": get["Response"]},
            line=line,
            column="Response",
        )
    issues = [i.strip() for i in get.get("Issue", "").split(",") if i.strip()]
    return ParsedRecommendation(
        line=line,
        state=get["To"],
        text=get["Text"],
        recommending=[get["From"]] if get["From"] else [],
        session=session,
        cycle=cycle_of_session(session or 1),
        response=RESPONSES[response],
        action_category=_int(
            get.get("Action", ""), line=line, column="Action", required=False
        ),
        source_labels={"upr-info-issues": issues} if issues else {},
    )


def parse(path: Path) -> ParsedFile:
    text, _encoding = read_text(path)
    result = ParsedFile(records=[], rows=0)
    records: dict[tuple[str, int, str, bool], ParsedRecommendation] = {}
    for line, get in _rows(text):
        result.rows += 1
        record = _record(line, get)
        if not record.text or not record.state:
            result.skipped.append(
                _("line %(line)s: no text or State under review") % {"line": line}
            )
            continue
        # A pledge may repeat a recommendation's words; it stays a separate record.
        key = (
            record.state.casefold(),
            record.session or 0,
            " ".join(record.text.split()).casefold(),
            record.response == Response.PLEDGE,
        )
        first = records.setdefault(key, record)
        if first is record:
            continue
        for name in record.recommending:
            if name not in first.recommending:
                first.recommending.append(name)
        if record.response != first.response:
            result.warnings.append(
                _(
                    "line %(line)s: response %(new)r differs from line %(first)s "
                    "for the same recommendation; the first is kept"
                )
                % {"line": line, "new": get["Response"], "first": first.line}
            )
    if not records:
        raise ImportFormatError(
            _("the file has a header but no recommendations"), line=2
        )
    result.records = list(records.values())
    return result
