"""Every uploaded file passes here before anything reads it.

One module for all forms, the API and the commands: a size limit per kind
(settings ``UPLOAD_MAX_*``) and a check of the content itself, never of the
name alone. ZIP containers (XLSX, DOCX) are measured before a parser opens
them, so a zip bomb is refused without being expanded.

Kinds:
* ``table``: CSV (text in a known encoding) or XLSX (a ZIP holding a workbook);
* ``xml``: an XML document without DOCTYPE (entities are a parser's risk);
* ``evidence``: PDF, PNG, JPEG or DOCX, the forms official communications come in.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from uprtc.core.errors import DomainError
from uprtc.recommendations.importers.base import ImportFormatError, decode_text

ZIP_MAGIC = b"PK\x03\x04"
MAX_ZIP_MEMBERS = 10_000
# (magic bytes, extension, content type) of the evidence formats
_EVIDENCE_MAGIC = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {ext: ctype for _m, ext, ctype in _EVIDENCE_MAGIC} | {"docx": DOCX_TYPE}


class UploadRejected(DomainError):
    """The file is too large or is not what it claims to be."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass
class CheckedFile:
    data: bytes
    extension: str  # from the content, not the name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.extension, "application/octet-stream")


def _limit(kind: str) -> int:
    return int(getattr(settings, f"UPLOAD_MAX_{kind.upper()}"))


def read_limited(upload: IO[bytes], kind: str) -> bytes:
    """The bytes of ``upload``, refusing more than the kind's limit."""
    limit = _limit(kind)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(
            _("The file is larger than %(mb)s MB.") % {"mb": _megabytes(limit)}
        )
    return data


def _megabytes(size: int) -> str:
    return f"{size / 2**20:g}"


def check_zip(source: bytes | str | Path, required: tuple[str, ...] = ()) -> None:
    """Refuse a ZIP that would expand beyond ``UPLOAD_MAX_UNZIPPED`` or by more
    than ``UPLOAD_MAX_ZIP_RATIO``, has too many members, or lacks a member the
    format requires. Reads only the central directory."""
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else source
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadRejected(_("The file is not a readable ZIP container.")) from exc
    names = {m.filename for m in members}
    missing = [name for name in required if name not in names]
    if missing:
        raise UploadRejected(
            _("The file lacks %(member)s: it is not of the expected kind.")
            % {"member": missing[0]}
        )
    expanded = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if (
        len(members) > MAX_ZIP_MEMBERS
        or expanded > settings.UPLOAD_MAX_UNZIPPED
        or expanded / packed > settings.UPLOAD_MAX_ZIP_RATIO
    ):
        raise UploadRejected(
            _("The file would expand to %(mb)s MB: refused as a possible zip bomb.")
            % {"mb": _megabytes(expanded)}
        )


def check_xlsx(source: bytes | str | Path) -> None:
    check_zip(source, ("[Content_Types].xml", "xl/workbook.xml"))


def check_docx(source: bytes | str | Path) -> None:
    check_zip(source, ("[Content_Types].xml", "word/document.xml"))


def check_text(data: bytes) -> None:
    try:
        decode_text(data)
    except ImportFormatError as exc:
        raise UploadRejected(exc.message) from exc


def check_table(upload: IO[bytes]) -> CheckedFile:
    """A CSV or XLSX upload, told apart by content."""
    data = read_limited(upload, "table")
    if data.startswith(ZIP_MAGIC):
        check_xlsx(data)
        return CheckedFile(data, "xlsx")
    check_text(data)
    return CheckedFile(data, "csv")


def check_xml(upload: IO[bytes]) -> CheckedFile:
    """An XML upload: text starting with a declaration or an element, without
    DOCTYPE. The parser refuses entities again (uprtc.iati.xml)."""
    data = read_limited(upload, "xml")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        raise UploadRejected(_("The file is not an XML document."))
    if b"<!DOCTYPE" in data[:65536].upper() or b"<!ENTITY" in data.upper():
        raise UploadRejected(_("A DOCTYPE or an entity is not allowed in XML."))
    return CheckedFile(data, "xml")


def check_evidence(upload: IO[bytes]) -> CheckedFile:
    """A PDF, PNG, JPEG or DOCX, recognised by its first bytes."""
    data = read_limited(upload, "evidence")
    for magic, extension, _ctype in _EVIDENCE_MAGIC:
        if data.startswith(magic):
            return CheckedFile(data, extension)
    if data.startswith(ZIP_MAGIC):
        check_docx(data)
        return CheckedFile(data, "docx")
    raise UploadRejected(_("Evidence must be a PDF, PNG, JPEG or DOCX file."))


def stored_evidence(upload: IO[bytes]) -> ContentFile[bytes]:
    """The checked evidence under a name of our own: the sender's file name
    (paths, double extensions, HTML) never reaches the storage."""
    checked = check_evidence(upload)
    return ContentFile(checked.data, name=f"{uuid.uuid4().hex}.{checked.extension}")


def form_error(exc: UploadRejected) -> Any:
    return forms.ValidationError(exc.message)


def for_form(
    upload: UploadedFile, check: Callable[[IO[bytes]], CheckedFile]
) -> UploadedFile:
    """``upload`` passed through ``check`` in a form's ``clean_<field>``: a
    refusal becomes the field's error; the file is rewound for its reader."""
    try:
        check(upload)
    except UploadRejected as exc:
        raise form_error(exc) from exc
    upload.seek(0)
    return upload


def table_for_form(upload: UploadedFile) -> UploadedFile:
    """A CSV or XLSX upload of a form, by its name first, then its content."""
    if not (upload.name or "").lower().endswith((".csv", ".xlsx")):
        raise form_error(UploadRejected(_("Upload a .csv or .xlsx file.")))
    return for_form(upload, check_table)
