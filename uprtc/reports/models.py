from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uprtc.core.jobs import Job


class ReportRun(Job):
    """One build of the annual report, run by a worker (``uprtc
    process-reports``) or at once when ``TASKS_INLINE`` is on; status, progress
    and the reclaim of a build whose worker stopped come from ``Job``."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    session = models.PositiveSmallIntegerField(_("session of the Council"))
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    formats = models.CharField(_("formats"), max_length=30, default="html,docx,pdf")

    class Meta:
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.status})"

    @property
    def directory(self) -> Path:
        # Served by a view that checks the moderator role, never from MEDIA_URL.
        return Path(settings.MEDIA_ROOT) / "reports" / str(self.pk)

    def file(self, fmt: str) -> Path | None:
        found = sorted(self.directory.glob(f"*.{fmt}")) if self.directory else []
        return found[0] if found else None
