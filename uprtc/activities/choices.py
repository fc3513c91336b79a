"""Controlled vocabularies of an activity. Values are stable identifiers used in
the API, exports and bulk files; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Review(models.TextChoices):
    """Where a submission stands in moderation."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")


class ConsentStatus(models.TextChoices):
    PENDING = "pending", _("Not yet requested")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Stage(models.TextChoices):
    """The whole workflow in one word, derived from review and consents."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned with comments")
    REJECTED = "rejected", _("Rejected")
    AWAITING_CONSENT = "awaiting-consent", _("Awaiting State consent")
    CONSENT_REFUSED = "consent-refused", _("Consent refused")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    CONFIDENTIAL = "confidential", _("Confidential")
    PUBLISHED = "published", _("Published")


class OrgRole(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")
    PARTNER = "partner", _("Partner")


class Modality(models.TextChoices):
    ADVISORY = "advisory-services", _("Advisory services")
    TRAINING = "training", _("Training")
    LEGISLATIVE_REVIEW = "legislative-review", _("Legislative review")
    PEER_EXCHANGE = "peer-exchange", _("Peer exchange or study visit")
    EXPERT_DEPLOYMENT = "expert-deployment", _("Expert deployment")
    GRANT = "grant", _("Grant")
    TOOLS = "tools-guidance", _("Tools and guidance")


class CooperationType(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    REGIONAL = "regional", _("Regional")
    MULTILATERAL = "multilateral", _("Multilateral")
    SOUTH_SOUTH = "south-south", _("South-South")
    TRIANGULAR = "triangular", _("Triangular")
    PUBLIC_PRIVATE = "public-private", _("Public-private")


class ImplementationStatus(models.TextChoices):
    """IATI ActivityStatus, by name."""

    PIPELINE = "pipeline", _("Planned")
    IMPLEMENTATION = "implementation", _("Ongoing")
    FINALISATION = "finalisation", _("Finalisation")
    CLOSED = "closed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    SUSPENDED = "suspended", _("Suspended")


IATI_STATUS = {
    "1": ImplementationStatus.PIPELINE,
    "2": ImplementationStatus.IMPLEMENTATION,
    "3": ImplementationStatus.FINALISATION,
    "4": ImplementationStatus.CLOSED,
    "5": ImplementationStatus.CANCELLED,
    "6": ImplementationStatus.SUSPENDED,
}


class FundingSource(models.TextChoices):
    VF_TECHNICAL_COOPERATION = (
        "vf-technical-cooperation",
        _("UN Voluntary Fund for Technical Cooperation in the Field of Human Rights"),
    )
    VF_UPR_IMPLEMENTATION = (
        "vf-upr-implementation",
        _(
            "Voluntary Fund for Financial and Technical Assistance in the "
            "Implementation of the Universal Periodic Review"
        ),
    )
    VF_UPR_PARTICIPATION = (
        "vf-upr-participation",
        _("Voluntary Fund for Participation in the Universal Periodic Review"),
    )
    TRUST_FUND_LDC_SIDS = (
        "trust-fund-ldc-sids",
        _(
            "Trust Fund for LDCs and SIDS to support participation in the Human Rights "
            "Council"
        ),
    )
    BILATERAL = "bilateral", _("Bilateral funding")
    MULTILATERAL = "multilateral", _("Other multilateral funding")
    OWN_RESOURCES = "own-resources", _("Own resources")
    PRIVATE = "private", _("Private or philanthropic funding")
    OTHER = "other", _("Other")


class Provenance(models.TextChoices):
    FORM = "form", _("Web form")
    API = "api", _("API")
    BULK = "bulk", _("Bulk file")
    IATI = "iati", _("IATI")
