"""Harvesting publishers' IATI files on a schedule (``uprtc harvest-iati``,
Celery beat's ``iati.harvest``): fetch each enabled ``IatiSource`` with a
timeout, a size limit and a conditional GET, keep the activities its filter
asks for, import them leniently (updates by iati-identifier) and record the
run. Nothing is ever published here: imports are drafts, and consent is asked
as for any activity."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from uprtc.iati.models import HarvestRun, IatiSource, split_codes
from uprtc.iati.services import Options, import_iati
from uprtc.iati.xml import IatiFileError

log = logging.getLogger(__name__)
ACTOR = "harvest:iati"
CHUNK = 64 * 1024


class FetchError(Exception):
    pass


@dataclass
class Fetched:
    status: int
    path: Path | None  # None: not modified
    size: int = 0
    etag: str = ""
    last_modified: str = ""


def max_bytes() -> int:
    return getattr(settings, "IATI_HARVEST_MAX_BYTES", 200 * 1024 * 1024)


def timeout() -> float:
    return getattr(settings, "IATI_HARVEST_TIMEOUT", 30.0)


def fetch(source: IatiSource, folder: Path) -> Fetched:
    """The file of ``source`` into ``folder``, or ``path=None`` when the
    server says it has not changed (304) since the last run."""
    location = source.location.strip()
    if not location.startswith(("http://", "https://")):
        return _local(source, Path(location))
    headers = {"User-Agent": "uprtc-harvest/1"}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        with requests.get(
            location, headers=headers, timeout=timeout(), stream=True
        ) as response:
            if response.status_code == 304:
                return Fetched(304, None)
            if response.status_code != 200:
                raise FetchError(
                    _("the server answered HTTP %(status)s")
                    % {"status": response.status_code}
                )
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > max_bytes():
                raise FetchError(_too_big())
            path, size = folder / "activities.xml", 0
            with path.open("wb") as handle:
                for chunk in response.iter_content(CHUNK):
                    size += len(chunk)
                    if size > max_bytes():
                        raise FetchError(_too_big())
                    handle.write(chunk)
            return Fetched(
                200,
                path,
                size,
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    except requests.Timeout:
        raise FetchError(
            _("no answer within %(s)s seconds") % {"s": timeout()}
        ) from None
    except requests.RequestException as exc:
        raise FetchError(_("cannot fetch: %(e)s") % {"e": exc}) from None


def _too_big() -> str:
    return _("the file is larger than %(mb)s MB") % {"mb": max_bytes() // 2**20}


def _local(source: IatiSource, path: Path) -> Fetched:
    """A file on disk: its modification time plays the Last-Modified."""
    if not path.is_file():
        raise FetchError(_("%(path)s: no such file") % {"path": path})
    stamp = str(path.stat().st_mtime_ns)
    if source.last_modified == stamp:
        return Fetched(304, None)
    size = path.stat().st_size
    if size > max_bytes():
        raise FetchError(_too_big())
    return Fetched(200, path, size, last_modified=stamp)


def activity_filter(source: IatiSource) -> Callable[[etree._Element], bool] | None:
    """Keep an activity when it matches every criterion the source sets
    (any of the codes or keywords within one)."""
    sectors = set(split_codes(source.sectors))
    sdgs = {c.lower() for c in split_codes(source.sdg_tags)}
    countries = {c.upper() for c in split_codes(source.countries)}
    keywords = [k.casefold() for k in source.keyword_list()]
    if not (sectors or sdgs or countries or keywords):
        return None

    def keep(element: etree._Element) -> bool:
        if sectors and not sectors & {
            (s.get("code") or "").strip()
            for s in element.findall("sector")
            if (s.get("vocabulary") or "1") in ("1", "2")
        }:
            return False
        if sdgs and not sdgs & _sdg_codes(element):
            return False
        if countries and not countries & {
            (c.get("code") or "").strip().upper()
            for c in element.findall("recipient-country")
        }:
            return False
        if keywords:
            text = " ".join(
                element.xpath("title/narrative/text()|description/narrative/text()")
            ).casefold()
            if not any(k in text for k in keywords):
                return False
        return True

    return keep


def _sdg_codes(element: etree._Element) -> set[str]:
    codes = set()
    for tag, vocabularies in (("tag", ("2", "3")), ("sector", ("7", "8"))):
        for e in element.findall(tag):
            if e.get("vocabulary") in vocabularies:
                codes.add((e.get("code") or "").strip().lower())
    return codes


def harvest(source: IatiSource) -> HarvestRun:
    """One run of one source, recorded whatever happens."""
    run = HarvestRun.objects.create(source=source)
    with tempfile.TemporaryDirectory(prefix="uprtc-harvest-") as folder:
        try:
            fetched = fetch(source, Path(folder))
            run.http_status, run.size = fetched.status, fetched.size
            if fetched.path is None:
                run.outcome = HarvestRun.Outcome.NOT_MODIFIED
            else:
                report = import_iati(
                    fetched.path,
                    actor=ACTOR,
                    file_name=source.location,
                    options=Options(source=source, keep=activity_filter(source)),
                )
                run.summary = report.counts()
                run.outcome = HarvestRun.Outcome.IMPORTED
                source.etag = fetched.etag[:300]
                source.last_modified = fetched.last_modified[:100]
                source.last_summary = run.summary
        except (FetchError, IatiFileError) as exc:
            run.outcome, run.error = HarvestRun.Outcome.FAILED, str(exc)
            source.last_summary = {"error": str(exc)}
        except Exception as exc:  # a run is always recorded; the next one retries
            log.exception("iati harvest of %s failed", source.name)
            run.outcome, run.error = HarvestRun.Outcome.FAILED, repr(exc)
            source.last_summary = {"error": repr(exc)}
    run.finished_at = source.last_run_at = timezone.now()
    run.save()
    source.save(update_fields=["etag", "last_modified", "last_summary", "last_run_at"])
    log.info(
        "iati harvest",
        extra={"source": source.name, "outcome": run.outcome, "error": run.error},
    )
    return run


def harvest_all(name: str | None = None) -> list[HarvestRun]:
    sources = IatiSource.objects.filter(enabled=True)
    if name:
        sources = IatiSource.objects.filter(name=name)
    return [harvest(source) for source in sources]
