"""What a State's national mechanism (NMIRF) tracks about each of its
recommendations. One current record per recommendation; every change is
written to the audit log, which keeps the history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.core.model_fields import optional_link
from uprtc.recommendations.models import Recommendation


class TrackingStatus(models.TextChoices):
    """The scale IMPACT OSS and SIMORE plans use, by name."""

    NOT_STARTED = "not-started", _("Not started")
    IN_PROGRESS = "in-progress", _("In progress")
    PARTIAL = "partially-implemented", _("Partially implemented")
    IMPLEMENTED = "fully-implemented", _("Fully implemented")


class NationalTracking(models.Model):
    """The State's own publication about one recommendation: public."""

    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="tracking",
    )
    responsible_institution = models.CharField(
        _("responsible institution"), max_length=300, blank=True
    )
    supporting_institutions = models.TextField(_("supporting institutions"), blank=True)
    planned_actions = models.TextField(_("planned actions"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("implementation status"),
        max_length=25,
        choices=TrackingStatus.choices,
        blank=True,
    )
    progress_notes = models.TextField(_("progress notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = optional_link(settings.AUTH_USER_MODEL, _("updated by"))

    class Meta:
        verbose_name = _("national tracking")
        verbose_name_plural = _("national tracking")

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.status or '—'}"
