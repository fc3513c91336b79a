from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.countries.models import Country


class OrgType(models.TextChoices):
    """Organization types. The values are a public contract (CONTRACTS.md)."""

    STATE = "state", _("State")
    UN_ENTITY = "un-entity", _("UN entity")
    UN_FUND = "un-fund", _("UN fund or programme")
    INTERGOVERNMENTAL = "intergovernmental", _("International organization")
    REGIONAL_ORGANIZATION = "regional-organization", _("Regional organization")
    REGIONAL_MECHANISM = "regional-mechanism", _("Regional human rights mechanism")
    NHRI = "nhri", _("National human rights institution")
    CSO = "cso", _("Civil society organization")
    ACADEMIA = "academia", _("Academia")
    PARLIAMENT = "parliament", _("Parliament")
    PRIVATE_SECTOR = "private-sector", _("Private sector")


class Role(models.TextChoices):
    """Roles within an organization. The values are a public contract."""

    CONTRIBUTOR = "contributor", _("Contributor")
    FOCAL_POINT = "focal-point", _("Focal point")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Organization administrator")


class NhriStatus(models.TextChoices):
    A = "A", _("A status (fully compliant with the Paris Principles)")
    B = "B", _("B status (partially compliant)")
    NONE = "none", _("Not accredited")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with an email address; acts through memberships."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def approved_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(status=Membership.Status.APPROVED)

    def has_role(self, role: str) -> bool:
        return self.approved_memberships().filter(role=role).exists()

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.has_role(Role.MODERATOR)

    def focal_point_countries(self) -> models.QuerySet[Country]:
        """The States this person may decide consent for."""
        return Country.objects.filter(
            organizations__memberships__user=self,
            organizations__memberships__role=Role.FOCAL_POINT,
            organizations__memberships__status=Membership.Status.APPROVED,
            organizations__org_type=OrgType.STATE,
        ).distinct()


# Bodies whose existence is public by nature; any other organization is named
# only once it appears in something public (a CSO may be at risk of reprisal).
INSTITUTIONAL = (
    OrgType.STATE,
    OrgType.UN_ENTITY,
    OrgType.UN_FUND,
    OrgType.INTERGOVERNMENTAL,
    OrgType.REGIONAL_ORGANIZATION,
    OrgType.REGIONAL_MECHANISM,
)


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def public(self) -> OrganizationQuerySet:
        """THE definition of a public organization: institutional by nature,
        or named in something public (a published activity, as submitter or
        participant, or a public request or offer). Pages, API, exports and
        search start from here."""
        return self.filter(self._named_in(None))

    def visible_to(self, user: object) -> OrganizationQuerySet:
        """Public ones; a member's own organizations; those named in what
        ``user`` may see; moderators see all."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.public()
        if getattr(user, "is_moderator", False):
            return self.all()
        own = Q(pk__in=user.approved_memberships().values("organization"))  # type: ignore[attr-defined]
        return self.filter(own | self._named_in(user))

    @staticmethod
    def _named_in(user: object) -> Q:
        from django.apps import apps
        from django.db.models import Exists, OuterRef

        activity = apps.get_model("activities", "Activity")
        participant = apps.get_model("activities", "ActivityOrganization")
        request = apps.get_model("matching", "AssistanceRequest")
        offer = apps.get_model("matching", "Offer")
        seen = activity.objects.visible_to(user).values("pk")
        return (
            Q(org_type__in=INSTITUTIONAL)
            | Exists(activity.objects.filter(pk__in=seen, submitter_org=OuterRef("pk")))
            | Exists(
                participant.objects.filter(
                    organization=OuterRef("pk"), activity__in=seen
                )
            )
            | Exists(offer.objects.visible_to(user).filter(organization=OuterRef("pk")))
            | Exists(
                request.objects.visible_to(user).filter(organization=OuterRef("pk"))
            )
        )


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=250)
    org_type = models.CharField(_("type"), max_length=30, choices=OrgType.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    nhri_status = models.CharField(
        _("NHRI accreditation"), max_length=4, choices=NhriStatus.choices, blank=True
    )
    iati_ref = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "org_type"], name="organization_unique_name"
            ),
            # A State organization always says which State it is.
            models.CheckConstraint(
                condition=~models.Q(org_type="state") | models.Q(country__isnull=False),
                name="organization_state_has_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in an organization. Roles are granted, never taken:
    a membership starts pending and only an authorised person approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        APPROVED = "approved", _("approved")
        REVOKED = "revoked", _("revoked")

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A bearer token. Only a hash is stored: the plain token is shown once.

    A token acts with all the roles its user holds when it is used. It stops
    working once revoked or past ``expires_at``; a token of someone who decides
    (focal point, moderator) also stops once older than
    ``API_TOKEN_MAX_AGE_DAYS``, even if issued before the role was granted
    (``uprtc.actors.services.resolve_api_token``)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class EnrolmentLink(models.Model):
    """The one-time link e-mailed to a person who must set up a second factor
    (``uprtc.actors.enrolment``). A person has at most one live link: sending a
    new one replaces the nonce, opening it marks it used. Only a hash of the
    nonce is kept."""

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="enrolment_link",
    )
    nonce_hash = models.CharField(max_length=64, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("second-factor enrolment link")
        verbose_name_plural = _("second-factor enrolment links")

    def __str__(self) -> str:
        return str(self.user)
