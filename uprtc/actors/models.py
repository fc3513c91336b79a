from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from uprtc.core.model_fields import belongs_to, optional_link
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


# Types a person may give a self-registered organization. States, UN bodies,
# intergovernmental and regional bodies, NHRIs and parliaments are official
# bodies whose representatives moderators set up (``uprtc add-user``): letting
# anyone claim to speak for one would put words in a State's or the UN's mouth,
# and an NHRI's accreditation status is not self-declared.
SELF_REGISTERED_TYPES = (OrgType.CSO, OrgType.ACADEMIA, OrgType.PRIVATE_SECTOR)

# Roles a person may ask for in an existing organization; focal points and
# moderators are made only by moderators (with the second factor).
REQUESTABLE_ROLES = (Role.CONTRIBUTOR, Role.ADMIN)


class Vetting(models.TextChoices):
    PENDING = "pending", _("waiting for vetting")
    APPROVED = "approved", _("vetted")
    REJECTED = "rejected", _("rejected")


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
        mark_email_verified(user)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def with_membership(self, **membership: Any) -> list[User]:
        """Active people holding an approved membership that matches the
        ``membership`` lookups (``role=``, ``organization=`` …), each once."""
        lookups = {f"memberships__{k}": v for k, v in membership.items()}
        return list(
            self.filter(
                is_active=True,
                memberships__status=Membership.Status.APPROVED,
                **lookups,
            ).distinct()
        )


def mark_email_verified(user: User) -> None:
    """Sign-in needs a verified address (ACCOUNT_EMAIL_VERIFICATION is
    "mandatory"). Accounts that operators make (``create_user``: add-user, the
    demo, imports, tests; the admin site) come with an address the operator
    vouches for, so it is recorded as verified. allauth's open sign-up never
    comes here: it saves the user itself and e-mails a confirmation link."""
    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )


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
        search start from here. An organization not vetted yet, or one that
        asked to be shown only as "a civil society organization in <country>"
        (``public_anonymous``), is never public by name: it has no public page
        and is in no public list."""
        return self.named_publicly().filter(self._named_in(None))

    def visible_to(self, user: object) -> OrganizationQuerySet:
        """Public ones; a member's own organizations; those named in what
        ``user`` may see; moderators see all."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.public()
        if getattr(user, "is_moderator", False):
            return self.all()
        own = Q(pk__in=user.approved_memberships().values("organization"))  # type: ignore[attr-defined]
        shown = Q(vetting=Vetting.APPROVED, public_anonymous=False)
        return self.filter(own | (shown & self._named_in(user)))

    def named_publicly(self) -> OrganizationQuerySet:
        """Vetted and not asking to be shown anonymously."""
        return self.filter(vetting=Vetting.APPROVED, public_anonymous=False)

    @staticmethod
    def _named_in(user: object) -> Q:
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
    country = optional_link(Country, _("country"), related_name="organizations")
    nhri_status = models.CharField(
        _("NHRI accreditation"), max_length=4, choices=NhriStatus.choices, blank=True
    )
    iati_ref = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Self-registered organizations wait for a moderator; those made by
    # operators (add-user, demo, imports) and all earlier ones are vetted.
    vetting = models.CharField(
        _("vetting"), max_length=10, choices=Vetting.choices, default=Vetting.APPROVED
    )
    vetting_reason = models.TextField(_("reason of the vetting decision"), blank=True)
    vetted_by = optional_link("User", _("vetted by"))
    vetted_at = models.DateTimeField(_("vetted"), null=True, blank=True)
    registered_by = optional_link("User", _("registered by"), on_delete=models.SET_NULL)
    # Reprisal risk: shown publicly only as "a civil society organization in
    # <country>"; the name goes to no public channel (public_label).
    public_anonymous = models.BooleanField(
        _("shown publicly only as a civil society organization in its country"),
        default=False,
    )

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
        # fail closed: whatever prints an organization without thinking of
        # its viewer prints what the public may read
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse("organizations-detail", args=[self.pk])

    @property
    def is_vetted(self) -> bool:
        return self.vetting == Vetting.APPROVED

    @property
    def anonymous_label(self) -> str:
        """What the public reads instead of the name of an anonymous CSO."""
        if self.country_id:
            return gettext("A civil society organization in %(country)s") % {
                "country": self.country.name
            }
        return gettext("A civil society organization")

    @property
    def public_name(self) -> str:
        """The name as any public channel may show it (page, API, export,
        report, search document): THE rule, use it instead of ``name``."""
        return self.anonymous_label if self.public_anonymous else self.name

    def public_label(self, viewer: object = None) -> str:
        """The name as ``viewer`` may read it: the real name for the
        organization's own members and for moderators, else ``public_name``."""
        if self.public_anonymous and self.knows_name(viewer):
            return self.name
        return self.public_name

    def knows_name(self, viewer: object) -> bool:
        if viewer is None or not getattr(viewer, "is_authenticated", False):
            return False
        if getattr(viewer, "is_moderator", False):
            return True
        return viewer.approved_memberships().filter(organization=self).exists()  # type: ignore[attr-defined]

    @property
    def public_id(self) -> int | None:
        """The id public data may carry: none for an anonymous organization,
        whose rows would otherwise be tied together (and to its page)."""
        return None if self.public_anonymous else self.pk

    @property
    def public_iati_ref(self) -> str:
        """An IATI organisation identifier names the organization as surely
        as its name: none for an anonymous one."""
        return "" if self.public_anonymous else self.iati_ref


def public_names(ids: object) -> dict[int, str]:
    """organization id → ``public_name``, in one query (reports, exports)."""
    orgs = Organization.objects.filter(pk__in=ids).select_related("country")
    return {o.pk: o.public_name for o in orgs}


class Membership(models.Model):
    """A person's role in an organization. Roles are granted, never taken:
    a membership starts pending and only an authorised person approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        APPROVED = "approved", _("approved")
        REVOKED = "revoked", _("revoked")

    user = belongs_to(User, _("user"), related_name="memberships")
    organization = belongs_to(
        Organization, _("organization"), related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = optional_link(User, _("decided by"))
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

    user = belongs_to(User, _("user"), related_name="api_tokens")
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
