from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.core.filtering import (
    Filter,
    Params,
    Table,
    Words,
    apply_filters,
    boolean,
    integer,
    upper,
)
from uprtc.core.model_fields import (
    any_of,
    belongs_to,
    optional_link,
    refers_to,
    workflow_state,
)
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


def _addressed(value: bool) -> Exists:
    # activities.models imports this module: the model is looked up, not imported
    activities = apps.get_model("activities", "Activity").objects.public()
    linked = Exists(activities.filter(recommendations=OuterRef("pk")))
    return linked if value else ~linked


# the page's ``sdg`` is the API's ``sdg_goal``
_SDG = Filter("sdg_goals__number", integer, facet="sdg")
FILTERS: Table = {
    "q": Words(("text",)),
    "state": Filter("state_under_review__iso3", upper, facet="country"),
    "recommending": Filter("recommending_states__iso3", upper, facet="country"),
    "cycle": Filter("cycle", integer, facet="cycle"),
    "session": Filter("session", integer),
    "response": Filter("response", facet="response"),
    "theme": Filter("themes__slug", facet="theme"),
    "sdg_goal": _SDG,
    "sdg": _SDG,
    "sdg_target": Filter("sdg_targets__code"),
    "affected": Filter("affected_persons__slug"),
    "with_activities": Filter(_addressed, boolean, many=False),
}


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def accepted(self) -> RecommendationQuerySet:
        """Supported recommendations: the ones States committed to implement."""
        return self.filter(response=Response.SUPPORTED)

    def filtered(self, params: Params) -> RecommendationQuerySet:
        """Narrowed by the list filters given in ``params`` (``FILTERS``)."""
        return apply_filters(self, FILTERS, params)


class Recommendation(models.Model):
    """A UPR recommendation, imported from public sources, never typed by hand."""

    state_under_review = refers_to(
        Country, _("State under review"), related_name="recommendations_received"
    )
    recommending_states = any_of(
        Country, _("recommending States"), related_name="recommendations_made"
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
    themes = any_of(Theme, _("themes"), related_name="recommendations")
    sdg_goals = any_of(SdgGoal, _("SDG goals"), related_name="recommendations")
    sdg_targets = any_of(SdgTarget, _("SDG targets"), related_name="recommendations")
    affected_persons = any_of(
        AffectedPerson, _("affected persons"), related_name="recommendations"
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

    def get_absolute_url(self) -> str:
        return reverse("recommendations-detail", args=[self.pk])


class ContinuityStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ContinuityLinkQuerySet(models.QuerySet["ContinuityLink"]):
    def public(self) -> ContinuityLinkQuerySet:
        """Only links a moderator or the State's focal point confirmed: a
        proposal is the machine's guess, never shown as a fact."""
        return self.filter(status=ContinuityStatus.CONFIRMED)

    def visible_to(self, user: Any) -> ContinuityLinkQuerySet:
        """Moderators see every link; a focal point sees the proposals and
        decisions of their own States; everyone else only the public ones."""
        if not getattr(user, "is_authenticated", False):
            return self.public()
        if user.is_moderator:
            return self.all()
        return self.filter(
            models.Q(status=ContinuityStatus.CONFIRMED)
            | models.Q(later__state_under_review__in=user.focal_point_countries())
        )


class ContinuityLink(models.Model):
    """A recommendation of a later cycle continues one of an earlier cycle of
    the same State: proposed by ``continuity.propose_continuity``, decided by
    a moderator or the State's focal point."""

    earlier = belongs_to(
        Recommendation, _("earlier recommendation"), related_name="continued_by"
    )
    later = belongs_to(
        Recommendation, _("later recommendation"), related_name="continues"
    )
    score = models.FloatField(_("score"))
    # codes and values (``linking.continuity_rank.reasons``), put into words
    # when shown, so each reader gets them in their own language
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = workflow_state(ContinuityStatus.PROPOSED, max_length=12)
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = optional_link(
        "actors.User", _("decided by"), on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ContinuityLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("continuity link")
        verbose_name_plural = _("continuity links")
        ordering = ["later_id", "-score", "earlier_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["earlier", "later"], name="continuity_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.later_id} continues {self.earlier_id} ({self.status})"
