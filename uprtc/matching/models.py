from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity
from uprtc.actors.models import Organization
from uprtc.core.filtering import (
    Filter,
    Params,
    Table,
    apply_filters,
    boolean,
    integer,
    upper,
)
from uprtc.core.jobs import Job
from uprtc.core.model_fields import any_of, refers_to, workflow_state
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, SdgTarget, Theme


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PROVIDERS = "providers", _("Signed-in providers")
    MODERATORS = "moderators", _("Moderators only")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in-progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")


class BudgetSituation(models.TextChoices):
    FUNDED = "funded", _("Funded")
    PARTLY = "partly-funded", _("Partly funded")
    UNFUNDED = "unfunded", _("No funding")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INTERESTED = "interested", _("Provider interested")
    ACCEPTED = "accepted", _("Accepted by the State")
    DECLINED = "declined", _("Declined")


def _serving(iso3: str) -> Q:
    """Offers that serve a State: naming it, or naming no place (anywhere)."""
    return Q(countries__iso3=iso3) | Q(countries__isnull=True, regions=[])


_P = TypeVar("_P", bound="Posting")
# the page's names (country, sdg) share their entry with the API's
_SDG = Filter("sdg_goals__number", integer, facet="sdg")
_THEME = Filter("themes__slug", facet="theme")
_STATE = Filter("state__iso3", upper, facet="country")
REQUEST_FILTERS: Table = {
    "state": _STATE,
    "country": _STATE,
    "status": Filter("status", facet="status"),
    "theme": _THEME,
    "sdg_goal": _SDG,
    "sdg": _SDG,
    "recommendation": Filter("recommendations", integer),
}
OFFER_FILTERS: Table = {
    "organization": Filter("organization", integer),
    # the countries it names, as the facets count them; the API's ``country``
    # is ``serves``
    "country": Filter("countries__iso3", upper, facet="country"),
    "serves": Filter(_serving, upper),
    "theme": _THEME,
    "sdg_goal": _SDG,
    "sdg": _SDG,
    "active": Filter("active", boolean, many=False),
}


class VisibleQuerySet(models.QuerySet[_P]):
    """Requests and offers: one rule each for the public and for a person."""

    def public(self) -> Self:
        """THE definition of a public request or offer: posted as public.
        Pages, API, search, exports, matches and notifications start here."""
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user: object) -> Self:
        """Public ones to everyone; "providers" ones to approved members of any
        organization; all to moderators and to their own organization."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.public()
        if getattr(user, "is_moderator", False):
            return self.all()
        memberships = user.approved_memberships()  # type: ignore[attr-defined]
        mine = Q(organization__in=memberships.values("organization"))
        shown = [Visibility.PUBLIC]
        if memberships.exists():
            shown.append(Visibility.PROVIDERS)
        return self.filter(mine | Q(visibility__in=shown))

    def filtered(self, params: Params) -> Self:
        """Narrowed by the list filters given in ``params`` (the model's
        ``FILTERS``), on top of ``public()`` or ``visible_to(user)``."""
        return apply_filters(self, self.model.FILTERS, params)


class MatchQuerySet(models.QuerySet["Match"]):
    """A match shows both sides: it is seen only by whoever sees both."""

    def public(self) -> MatchQuerySet:
        return self.filter(
            request__in=AssistanceRequest.objects.public().values("pk"),
            offer__in=Offer.objects.public().values("pk"),
        )

    def visible_to(self, user: object) -> MatchQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.public()
        if getattr(user, "is_moderator", False):
            return self.all()
        return self.filter(
            request__in=AssistanceRequest.objects.visible_to(user).values("pk"),
            offer__in=Offer.objects.visible_to(user).values("pk"),
        )


class Posting(models.Model):
    """What a request and an offer share: who posted it, in which languages,
    for whom it is visible, and its embedding for the matcher."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    languages = models.JSONField(_("working languages"), default=list)
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    # the name in URLs, search, audit and notifications; the field that says
    # it in the poster's words
    KIND: ClassVar[str]
    TEXT: ClassVar[str]
    FILTERS: ClassVar[Table]

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def get_absolute_url(self) -> str:
        return reverse(f"matching-{self.KIND}", args=[self.pk])

    def is_poster(self, user: Any) -> bool:
        """Whether ``user`` speaks for the side that posted it."""
        raise NotImplementedError


class AssistanceRequest(Posting):
    """A State's request for assistance with accepted recommendations."""

    KIND = "request"
    TEXT = "need"
    FILTERS = REQUEST_FILTERS

    state = refers_to(Country, _("State"), related_name="assistance_requests")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="assistance_requests"
    )
    need = models.TextField(_("need, in the State's words"))
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="assistance_requests"
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="assistance_requests"
    )
    sdg_goals = models.ManyToManyField(
        SdgGoal, blank=True, related_name="assistance_requests"
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="assistance_requests"
    )
    modalities = models.JSONField(_("preferred modalities"), default=list, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    budget_situation = models.CharField(
        _("budget situation"),
        max_length=20,
        choices=BudgetSituation.choices,
        default=BudgetSituation.UNFUNDED,
    )
    status = workflow_state(RequestStatus.OPEN, max_length=12)

    class Meta(Posting.Meta):
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")

    def __str__(self) -> str:
        return f"{self.state.iso3}: {self.need[:60]}"

    def is_poster(self, user: Any) -> bool:
        """The State's focal points speak for its request."""
        return bool(
            user.is_authenticated
            and user.focal_point_countries().filter(pk=self.state_id).exists()
        )


class Offer(Posting):
    """A provider's offer of expertise."""

    KIND = "offer"
    TEXT = "expertise"
    FILTERS = OFFER_FILTERS

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="offers"
    )
    expertise = models.TextField(_("expertise offered"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="offers")
    sdg_goals = models.ManyToManyField(SdgGoal, blank=True, related_name="offers")
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    countries = any_of(Country, _("countries served"), related_name="offers")
    regions = models.JSONField(_("regions served (M49)"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("engagements at once"), default=1)
    funding_available = models.BooleanField(_("funding available"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta(Posting.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.organization}: {self.expertise[:60]}"

    def is_poster(self, user: Any) -> bool:
        """The approved members of the offering organization speak for its offer."""
        return bool(
            user.is_authenticated
            and user.approved_memberships()
            .filter(organization=self.organization_id)
            .exists()
        )


class Match(models.Model):
    request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="matches"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=list)
    status = workflow_state(MatchStatus.PROPOSED, max_length=12)
    in_plan = models.BooleanField(_("proposed by the coordinated plan"), default=False)
    sent_at = models.DateTimeField(_("sent to both sides"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["request", "offer"], name="match_unique")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} × {self.offer_id}: {self.score:.2f}"


class PlanRun(Job):
    """One computation of the coordinated plan, run by a worker (``uprtc
    process-plans``) or at once when ``TASKS_INLINE`` is on; status, progress
    and the reclaim of a run whose worker stopped come from ``Job``."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    k = models.PositiveSmallIntegerField(_("proposals per request at most"), default=3)
    proposals = models.PositiveIntegerField(_("proposals"), default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"plan {self.pk} ({self.status})"
