"""Building the annual update to the Council, from the command line or as a
background job a moderator starts from the reports page."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uprtc.actors.models import User
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.tasks import enqueue
from uprtc.reports import document, figures, render_docx, render_html, render_pdf
from uprtc.reports.models import ReportRun

FORMATS = ("html", "docx", "pdf")
LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru")
ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-hans-cn": "zh-hans"}

Progress = Callable[[int], None]


def language(code: str) -> str:
    lang = ALIASES.get(code.strip().lower(), code.strip().lower())
    if lang not in LANGUAGES:
        raise DomainError(
            _("The language is one of %(codes)s.") % {"codes": ", ".join(LANGUAGES)},
            field="lang",
        )
    return lang


def formats(value: str | list[str], offered: tuple[str, ...] = FORMATS) -> list[str]:
    """The chosen formats among those ``offered``, in the offered order."""
    names = value.split(",") if isinstance(value, str) else value
    chosen = [n.strip().lower() for n in names if n.strip()]
    if not chosen or any(n not in offered for n in chosen):
        raise DomainError(
            _("The formats are among %(names)s.") % {"names": ", ".join(offered)},
            field="format",
        )
    return [f for f in offered if f in chosen]


def check_period(session: int, start: dt.date, end: dt.date) -> None:
    if not 1 <= session <= 32767:  # a small integer in the database
        raise DomainError(_("The session is a positive number."), field="session")
    if end < start:
        raise DomainError(_("The period ends after it starts."), field="to")


def file_name(session: int, lang: str, fmt: str) -> str:
    return f"A-HRC-{session}-repository-annual-update-{lang}.{fmt}"


def build_annual_report(
    session: int,
    start: dt.date,
    end: dt.date,
    lang: str,
    fmts: list[str],
    out_dir: Path,
    progress: Progress | None = None,
) -> dict[str, Path]:
    """Gather the figures, write the report in each format into ``out_dir``
    (created if missing) and return the path of each file."""
    lang, fmts = language(lang), formats(fmts)
    check_period(session, start, end)
    step = progress or (lambda _pct: None)
    out_dir.mkdir(parents=True, exist_ok=True)

    renderers = {
        "html": lambda r: render_html.render(r).encode(),
        "docx": render_docx.render,
        "pdf": render_pdf.render,
    }
    written = {}
    with translation.override(lang):
        data = figures.gather(start, end)
        step(30)
        report = document.build(session, data, timezone.localdate())
        step(50)
        for i, fmt in enumerate(fmts, start=1):
            path = out_dir / file_name(session, lang, fmt)
            path.write_bytes(renderers[fmt](report))
            written[fmt] = path
            step(50 + 50 * i // len(fmts))
    return written


def request_report(
    actor: User, session: int, start: dt.date, end: dt.date, lang: str
) -> ReportRun:
    """Queue a build of the three formats: a worker builds it, or this process
    once the run is committed when no queue is configured (TASKS_INLINE)."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator builds the annual report."))
    lang = language(lang)
    check_period(session, start, end)
    with transaction.atomic():
        run = ReportRun.objects.create(
            requested_by=actor, session=session, start=start, end=end, language=lang
        )
        audit.record(
            "reports.annual.queued",
            actor=actor,
            obj=run,
            data={"session": session, "from": start, "to": end, "lang": lang},
        )
    enqueue("reports.process")
    run.refresh_from_db()
    return run


def _build_run(run: ReportRun) -> None:
    run.set_progress(5)
    shutil.rmtree(run.directory, ignore_errors=True)
    build_annual_report(
        run.session,
        run.start,
        run.end,
        run.language,
        run.formats.split(","),
        run.directory,
        run.set_progress,
    )


def _record_outcome(run: ReportRun) -> None:
    audit.record(f"reports.annual.{run.status}", actor=None, obj=run)


def process_report_runs() -> int:
    """Build the queued reports, after taking back those whose worker stopped;
    each is claimed with a conditional update, so several workers never build
    the same one (``uprtc.core.jobs.Job.process``)."""
    return ReportRun.process(_build_run, finished=_record_outcome)
