from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.countries.models import Country
from uprtc.taxonomies.models import AffectedPerson, SdgGoal, SdgTarget, Theme


class Response(models.TextChoices):
    SUPPORTED = "supported", _("Supported")
    NOTED = "noted", _("Noted")
    PARTIAL = "partially-supported", _("Partially supported")
    PLEDGE = "pledge", _("Voluntary pledge")


class Source(models.TextChoices):
    UPR_INFO = "upr-info", _("UPR Info database export")
    OHCHR_DOCX = "ohchr-docx", _("OHCHR thematic list of recommendations")
    UHRI = "uhri", _("Universal Human Rights Index export")


def cycle_of_session(session: int) -> int:
    """UPR cycles run 12 sessions for the first, then 14 each (sessions 13–26
    cycle 2, 27–40 cycle 3, 41–54 cycle 4 …)."""
    if session <= 12:
        return 1
    return 2 + (session - 13) // 14


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def accepted(self) -> RecommendationQuerySet:
        """Supported recommendations: the ones States committed to implement."""
        return self.filter(response=Response.SUPPORTED)


class Recommendation(models.Model):
    """A UPR recommendation, imported from public sources, never typed by hand."""

    state_under_review = models.ForeignKey(
        Country,
        verbose_name=_("State under review"),
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    recommending_states = models.ManyToManyField(
        Country,
        verbose_name=_("recommending States"),
        blank=True,
        related_name="recommendations_made",
    )
    # As written in the source, so a name we could not resolve is still shown.
    recommending_names = models.CharField(
        _("recommending States (as written)"), max_length=1000, blank=True
    )
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), db_index=True)
    session = models.PositiveSmallIntegerField(
        _("UPR session"), null=True, blank=True, db_index=True
    )
    text = models.TextField(_("text"))
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    response = models.CharField(
        _("response"),
        max_length=20,
        choices=Response.choices,
        blank=True,
        db_index=True,
    )
    document_symbol = models.CharField(_("document symbol"), max_length=60, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    response_source = models.CharField(
        _("source of the response"), max_length=120, blank=True
    )
    action_category = models.PositiveSmallIntegerField(
        _("action category"), null=True, blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="recommendations"
    )
    sdg_goals = models.ManyToManyField(
        SdgGoal, verbose_name=_("SDG goals"), blank=True, related_name="recommendations"
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget,
        verbose_name=_("SDG targets"),
        blank=True,
        related_name="recommendations",
    )
    affected_persons = models.ManyToManyField(
        AffectedPerson,
        verbose_name=_("affected persons"),
        blank=True,
        related_name="recommendations",
    )
    # Labels of the source that are not (yet) in our vocabularies, e.g. UPR Info issues.
    source_labels = models.JSONField(
        _("labels of the source"), default=dict, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_key = models.CharField(max_length=64, unique=True, editable=False)
    content_hash = models.CharField(max_length=64, editable=False)
    source_id = models.CharField(
        _("identifier in the source"), max_length=100, blank=True
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["state_under_review__name_en", "-cycle", "id"]
        indexes = [models.Index(fields=["state_under_review", "cycle", "response"])]

    def __str__(self) -> str:
        ref = self.paragraph or f"#{self.pk}"
        return f"{self.state_under_review.iso3} {ref}: {self.text[:60]}"
