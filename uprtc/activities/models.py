from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.activities.choices import (
    ConsentStatus,
    CooperationType,
    FundingSource,
    ImplementationStatus,
    Modality,
    OrgRole,
    Provenance,
    Review,
    Stage,
)
from uprtc.actors.models import Organization
from uprtc.core.filtering import (
    Filter,
    Params,
    Table,
    Words,
    apply_filters,
    boolean,
    date,
    integer,
    lower,
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
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, SdgTarget, Theme

# the pages' older names share their entry with the API's
_SDG = Filter("sdg_goals__number", integer, facet="sdg")
_STATUS = Filter("implementation_status", facet="status")
FILTERS: Table = {
    "q": Words(("title", "description")),
    "country": Filter("consents__country__iso3", upper, facet="country"),
    "region": Filter("consents__country__region__m49", facet="region"),
    "regional_group": Filter("consents__country__regional_group", facet="group"),
    "theme": Filter("themes__slug", facet="theme"),
    "sdg_goal": _SDG,
    "sdg": _SDG,
    "sdg_target": Filter("sdg_targets__code", lower),
    "recommendation": Filter("recommendations", integer),
    "organization": Filter("participants__organization", integer),
    "implementation_status": _STATUS,
    "status": _STATUS,
    "modality": Filter("modality", facet="modality"),
    "cooperation_type": Filter("cooperation_type", facet="cooperation_type"),
    "funding_source": Filter("funding_source", facet="funding_source"),
    "good_practice": Filter("good_practice", boolean, many=False),
    "published_from": Filter("published_at__date__gte", date, many=False),
    "published_to": Filter("published_at__date__lte", date, many=False),
}


class ActivityQuerySet(models.QuerySet["Activity"]):
    def public(self) -> ActivityQuerySet:
        """THE definition of public: approved, not confidential, not merged
        away, and consented by every concerned State (at least one). Every
        public channel — pages, search, facets, API, feeds, exports, statistics,
        reports — starts from this method."""
        not_granted = Consent.objects.filter(activity=OuterRef("pk")).exclude(
            status=ConsentStatus.GRANTED
        )
        any_consent = Consent.objects.filter(activity=OuterRef("pk"))
        return self.filter(
            Exists(any_consent),
            ~Exists(not_granted),
            review=Review.APPROVED,
            confidential=False,
            merged_into__isnull=True,
        )

    def visible_to(self, user: object) -> ActivityQuerySet:
        """What a signed-in person may open: public ones, their organizations'
        submissions, what awaits their State's consent; moderators see all."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.public()
        if getattr(user, "is_moderator", False):
            return self.all()
        orgs = user.approved_memberships().values("organization")  # type: ignore[attr-defined]
        states = user.focal_point_countries()  # type: ignore[attr-defined]
        mine = Q(submitter_org__in=orgs)
        asked = Q(
            confidential=False,
            review=Review.APPROVED,
            consents__country__in=states,
        )
        public_ids = self.public().values("pk")
        return self.filter(mine | asked | Q(pk__in=public_ids)).distinct()

    def filtered(self, params: Params) -> ActivityQuerySet:
        """Narrowed by the list filters given in ``params`` (``FILTERS``),
        on top of ``public()`` or ``visible_to(user)``."""
        return apply_filters(self, FILTERS, params)


class Activity(models.Model):
    """A technical cooperation or capacity-building activity."""

    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"))
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    concerned_states = models.ManyToManyField(
        Country,
        through="Consent",
        verbose_name=_("concerned States"),
        related_name="activities",
    )
    recommendations = any_of(
        Recommendation, _("recommendations"), related_name="activities"
    )
    themes = any_of(Theme, _("themes"), related_name="activities")
    sdg_goals = any_of(SdgGoal, _("SDG goals"), related_name="activities")
    sdg_targets = any_of(SdgTarget, _("SDG targets"), related_name="activities")
    modality = models.CharField(
        _("modality"), max_length=30, choices=Modality.choices, blank=True
    )
    cooperation_type = models.CharField(
        _("cooperation type"),
        max_length=20,
        choices=CooperationType.choices,
        blank=True,
    )
    implementation_status = models.CharField(
        _("status"), max_length=20, choices=ImplementationStatus.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=30, choices=FundingSource.choices, blank=True
    )
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    good_practice = models.BooleanField(_("good practice"), default=False)
    links = models.JSONField(_("links"), default=list, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)

    provenance = models.CharField(
        _("provenance"),
        max_length=10,
        choices=Provenance.choices,
        default=Provenance.FORM,
    )
    # Every route by which this activity reached us; merging keeps both lists.
    provenances = models.JSONField(_("provenances"), default=list, blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=200, blank=True, db_index=True
    )

    review = workflow_state(Review.DRAFT, max_length=12, verbose_name=_("review"))
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Visible to moderators only and never published."),
    )
    submitted_by = optional_link(settings.AUTH_USER_MODEL, _("submitted by"))
    submitter_org = optional_link(
        Organization, _("submitting organization"), related_name="submissions"
    )
    # Never public: people who cooperate with the UN can be at risk.
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    merged_into = optional_link("self", _("merged into"), related_name="merged")
    version = models.PositiveIntegerField(_("version"), default=1)
    embedding = models.BinaryField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, db_index=True
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities-detail", args=[self.pk])

    @property
    def stage(self) -> str:
        """Derived from review and consents; never stored, so never stale."""
        if self.merged_into_id:
            return Stage.REJECTED
        if self.review != Review.APPROVED:
            return {
                Review.DRAFT: Stage.DRAFT,
                Review.SUBMITTED: Stage.SUBMITTED,
                Review.RETURNED: Stage.RETURNED,
            }.get(self.review, Stage.REJECTED)
        if self.confidential:
            return Stage.CONFIDENTIAL
        statuses = {c.status for c in self.consents.all()}
        if ConsentStatus.WITHDRAWN in statuses:
            return Stage.WITHDRAWN
        if ConsentStatus.REFUSED in statuses:
            return Stage.CONSENT_REFUSED
        if statuses == {ConsentStatus.GRANTED}:
            return Stage.PUBLISHED
        return Stage.AWAITING_CONSENT

    def get_stage_display(self) -> str:
        return str(Stage(self.stage).label)

    def stage_for(self, user: object) -> str:
        """The stage as ``user`` may know it. The submitting organization and
        the moderators see the whole; a concerned State's focal point sees
        where its own State stands, never another State's refusal."""
        stage = self.stage
        if stage not in (Stage.CONSENT_REFUSED, Stage.WITHDRAWN):
            return stage  # nothing another State decided shows in it
        if not getattr(user, "is_authenticated", False) or user.is_moderator:  # type: ignore[attr-defined]
            return stage
        orgs, states = _viewer_scope(user)
        if self.submitter_org_id in orgs:
            return stage
        own = {c.status for c in self.consents.all() if c.country_id in states}
        if ConsentStatus.WITHDRAWN in own:
            return Stage.WITHDRAWN
        if ConsentStatus.REFUSED in own:
            return Stage.CONSENT_REFUSED
        return Stage.AWAITING_CONSENT if own else stage

    def get_stage_display_for(self, user: object) -> str:
        return str(Stage(self.stage_for(user)).label)


def _viewer_scope(user: Any) -> tuple[set[int], set[int]]:
    """The organizations and focal-point States of ``user``, read once per
    user object: a list of activities asks for each of them."""
    scope = getattr(user, "_uprtc_scope", None)
    if scope is None:
        scope = (
            set(user.approved_memberships().values_list("organization", flat=True)),
            set(user.focal_point_countries().values_list("pk", flat=True)),
        )
        user._uprtc_scope = scope
    return scope


class Consent(models.Model):
    """The decision of one concerned State about one activity."""

    activity = belongs_to(Activity, _("activity"), related_name="consents")
    country = refers_to(Country, _("State"), related_name="consents")
    status = workflow_state(ConsentStatus.PENDING, max_length=10)
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("decided by"))
    # How the decision reached us: the focal point in uprtc, or a note verbale
    # recorded by a moderator (then the evidence is required).
    on_record_by_moderator = models.BooleanField(
        _("recorded by a moderator"), default=False
    )
    evidence = models.FileField(
        _("evidence"), upload_to="consent-evidence/%Y/", blank=True
    )
    evidence_note = models.CharField(
        _("evidence reference"), max_length=300, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "country"], name="consent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country.iso3}: {self.get_status_display()}"

    @property
    def decided(self) -> bool:
        """A State's decision is a record: nothing may delete it."""
        return self.status in DECIDED


DECIDED = (ConsentStatus.GRANTED, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)


class ActivityOrganization(models.Model):
    """An organization in a role. ``organization`` may be empty when the
    organization is known only by name (e.g. from an IATI file)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participants"
    )
    organization = optional_link(
        Organization, _("organization"), related_name="participations"
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=OrgRole.choices)
    iati_ref = models.CharField(_("IATI identifier"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        """As the public may read it (an anonymous CSO by its label only)."""
        return self.organization.public_name if self.organization_id else self.name

    def label_for(self, viewer: object) -> str:
        """As ``viewer`` may read it (``Organization.public_label``)."""
        if self.organization_id:
            return self.organization.public_label(viewer)
        return self.name

    @property
    def public_iati_ref(self) -> str:
        if self.organization_id and self.organization.public_anonymous:
            return ""
        return self.iati_ref


class ReviewNote(models.Model):
    """A moderator's decision with its comment, shown to the submitter."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="review_notes"
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Review.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.decision} {self.at:%Y-%m-%d}"


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a later change")


class ActivityRevision(models.Model):
    """A change proposed to an approved activity. The public keeps seeing the
    approved content until a moderator approves the change; then it is
    applied (and the earlier content kept as an ``ActivityVersion``)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="revisions"
    )
    # the whole proposed content, as ``services.data_to_json`` writes it
    data = models.JSONField(_("proposed content"))
    status = workflow_state(RevisionStatus.PENDING, max_length=12)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # at most one change waits for review per activity
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(status="pending"),
                name="activity_revision_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} change {self.pk} ({self.status})"


class ActivityVersion(models.Model):
    """A snapshot taken before each edit of an approved activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "number"], name="activity_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} v{self.number}"
