"""Workflow steps of an activity, from draft to publication. Views, the API
and commands all call these. Each step is atomic, checks the state it starts
from and the actor's right, writes the audit log, and notifies whoever must act
next once the transaction has committed. Consent steps are in ``consent.py``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from uprtc.activities import permissions
from uprtc.activities.choices import ConsentStatus, OrgRole, Provenance, Review
from uprtc.activities.content import completed, data_of, data_to_json
from uprtc.activities.data import M2M as M2M
from uprtc.activities.data import SCALARS as SCALARS
from uprtc.activities.data import ActivityData as ActivityData
from uprtc.activities.models import (
    DECIDED,
    Activity,
    ActivityOrganization,
    ActivityVersion,
    Consent,
    ReviewNote,
)
from uprtc.activities.proposals import propose_revision
from uprtc.activities.publishing import publish_if_consented
from uprtc.activities.publishing import reindex as reindex
from uprtc.activities.recipients import activity_url as activity_url
from uprtc.activities.recipients import focal_points as focal_points
from uprtc.activities.recipients import moderators as moderators
from uprtc.activities.recipients import org_members as org_members
from uprtc.activities.records import record_decision
from uprtc.actors.models import Organization, OrgType, User
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.tasks import enqueue
from uprtc.notifications.services import notify
from uprtc.taxonomies.models import CodelistItem


def snapshot_activity(activity: Activity) -> dict[str, Any]:
    data = audit.snapshot(activity, SCALARS)
    for name in M2M:
        data[name] = sorted(getattr(activity, name).values_list("pk", flat=True))
    data["concerned_states"] = sorted(
        activity.consents.values_list("country__iso3", flat=True)
    )
    data["participants"] = [
        [p.display_name, p.role] for p in activity.participants.all()
    ]
    return data


# what the columns hold: longer text or larger amounts are refused with a
# message naming the field, never left to the database to reject (a 500)
MAX_TEXT = 20_000  # a long project document is attached as evidence, not pasted
MAX_LENGTHS = {
    "title": 500,
    "language": 10,
    "contact_name": 200,
    "description": MAX_TEXT,
    "results": MAX_TEXT,
    "lessons": MAX_TEXT,
}
MAX_BUDGET = Decimal("1e14")  # max_digits=16, decimal_places=2


def _check_scalars(data: ActivityData) -> None:
    values = {"title": data.title, "description": data.description, **data.scalars}
    for name, limit in MAX_LENGTHS.items():
        if len(str(values.get(name) or "")) > limit:
            raise DomainError(
                _("At most %(n)s characters (this has %(has)s).")
                % {
                    "n": number_format(limit, force_grouping=True),
                    "has": number_format(len(str(values[name])), force_grouping=True),
                },
                field=name,
            )
    budget = data.scalars.get("budget")
    try:
        amount = None if budget is None else Decimal(str(budget))
    except InvalidOperation:
        amount = Decimal("NaN")
    if amount is not None and not (amount.is_finite() and 0 <= amount < MAX_BUDGET):
        raise DomainError(_("The budget is an amount from 0 to 10¹⁴."), field="budget")
    currency = data.scalars.get("currency") or ""
    if currency and not (
        len(currency) == 3 and currency.isascii() and currency.isalpha()
    ):
        raise DomainError(
            _("The currency is a three-letter ISO 4217 code, e.g. USD."),
            field="currency",
        )
    if currency and not _known_currency(currency):
        raise DomainError(
            _("%(code)s is not an ISO 4217 currency code (e.g. USD, EUR, CHF).")
            % {"code": currency},
            field="currency",
        )
    try:
        if email := data.scalars.get("contact_email"):
            validate_email(email)
    except ValidationError:
        raise DomainError(
            _("Enter a valid e-mail address."), field="contact_email"
        ) from None
    for link in data.scalars.get("links") or []:
        # the scheme and host only: real publishers' addresses hold spaces
        try:
            parts = urlsplit(str(link).strip())
        except ValueError:  # e.g. "http://[" (a broken IPv6 host)
            parts = urlsplit("")
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise DomainError(
                _("%(link)r is not a web address (http or https).") % {"link": link},
                field="links",
            )


def _known_currency(code: str) -> bool:
    """One of the IATI Currency codelist's codes (ISO 4217). A database
    without the codelists loaded can only check the code's form."""
    codes = CodelistItem.objects.filter(codelist="Currency")
    return codes.filter(code__iexact=code).exists() or not codes.exists()


def _validate(data: ActivityData) -> None:
    _check_scalars(data)
    if not data.title.strip():
        raise DomainError(_("A title is required."), field="title")
    if not data.description.strip():
        raise DomainError(_("A description is required."), field="description")
    if not data.concerned_states and not data.states_later:
        raise DomainError(
            _("Name at least one concerned State: its consent is needed to publish."),
            field="concerned_states",
        )
    start, end = data.scalars.get("start_date"), data.scalars.get("end_date")
    if start and end and end < start:
        raise DomainError(_("The end date is before the start date."), field="end_date")
    if data.scalars.get("budget") is not None and not data.scalars.get("currency"):
        raise DomainError(_("Give the currency of the budget."), field="currency")


def _apply(activity: Activity, data: ActivityData) -> None:
    activity.title = data.title.strip()
    activity.description = data.description.strip()
    for name, value in data.scalars.items():
        if name in SCALARS:
            setattr(activity, name, value)
    activity.updated_at = timezone.now()
    activity.save()
    for name, values in data.m2m.items():
        if name in M2M:
            getattr(activity, name).set(values)
    wanted = {c.pk: c for c in data.concerned_states}
    _refuse_dropping_a_decision(activity, wanted)
    # only States that have not decided may go: a decision is a record
    activity.consents.exclude(country__in=wanted).exclude(status__in=DECIDED).delete()
    have = set(activity.consents.values_list("country_id", flat=True))
    for pk in wanted.keys() - have:
        Consent.objects.create(activity=activity, country=wanted[pk])
    if data.participants is not None:
        activity.participants.all().delete()
        for p in data.participants:
            ActivityOrganization.objects.create(
                activity=activity,
                organization=p.get("organization"),
                name=p.get("name", "")[:300],
                role=p["role"],
                iati_ref=p.get("iati_ref", "")[:200],
            )


def _refuse_dropping_a_decision(activity: Activity, wanted: dict[int, Any]) -> None:
    if activity.pk is None:
        return
    decided = [
        c
        for c in activity.consents.select_related("country").filter(status__in=DECIDED)
        if c.country_id not in wanted
    ]
    if decided:
        raise DomainError(
            _(
                "%(states)s decided on this activity (%(status)s): a State's decision "
                "is on record, so it stays among the concerned States."
            )
            % {
                "states": ", ".join(c.country.name for c in decided),
                "status": ", ".join(str(c.get_status_display()) for c in decided),
            },
            field="concerned_states",
        )


@transaction.atomic
def create_activity(
    actor: User,
    org: Organization,
    data: ActivityData,
    provenance: str = Provenance.FORM,
    provenance_detail: str = "",
) -> Activity:
    """A new draft on behalf of ``org``."""
    if not permissions.can_submit_for(actor, org):
        raise NotAllowed(
            _("You are not an approved member of %(org)s.") % {"org": org.name}
        )
    _validate(data)
    activity = Activity(
        submitted_by=actor,
        submitter_org=org,
        provenance=provenance,
        provenances=[{"via": provenance, "detail": provenance_detail, "org": org.name}],
    )
    if data.participants is None:
        data.participants = [{"organization": org, "role": OrgRole.PROVIDER}]
    _apply(activity, data)
    audit.record(
        "activities.activity.created",
        actor=actor,
        obj=activity,
        after=snapshot_activity(activity),
    )
    _embed(activity)
    return activity


@transaction.atomic
def update_activity(actor: User, activity: Activity, data: ActivityData) -> Activity:
    """Edit. A draft, submitted or returned activity changes at once. An
    approved one keeps showing what was approved: a contributor's change goes
    to the moderators as a proposed change (``ActivityRevision``), applied
    only once approved; a moderator's applies at once. Either way a State
    that decided stays concerned, and the content before keeps a version."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not permissions.can_edit(actor, activity):
        raise NotAllowed(_("You may not edit this activity."))
    _validate(data)
    _refuse_dropping_a_decision(activity, {c.pk: c for c in data.concerned_states})
    if activity.review == Review.APPROVED and not actor.is_moderator:
        if data.scalars.get("confidential") and not activity.confidential:
            _hide_at_once(actor, activity)
        if _only_private_changes(activity, data):
            _apply_contact(actor, activity, data)
        else:
            propose_revision(actor, activity, data)
        return activity
    return _apply_edit(actor, activity, data)


def _apply_edit(actor: User, activity: Activity, data: ActivityData) -> Activity:
    before = snapshot_activity(activity)
    if activity.review == Review.APPROVED:
        ActivityVersion.objects.create(
            activity=activity, number=activity.version, data=before, changed_by=actor
        )
        activity.version += 1
    _apply(activity, data)
    if activity.review == Review.APPROVED:
        # a State added after approval is asked at once
        _request_pending_consents(activity)
    after = snapshot_activity(activity)
    changed = {k for k in after if after[k] != before.get(k)}
    audit.record(
        "activities.activity.updated",
        actor=actor,
        obj=activity,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
        data={"version": activity.version},
    )
    _embed(activity)
    reindex(activity)
    return activity


def _hide_at_once(actor: User, activity: Activity) -> None:
    """Showing less needs no review: someone at risk may ask to hide their
    work, and waiting for a moderator would leave it public meanwhile."""
    audit.save_change(
        activity, "activities.activity.hidden", actor=actor, confidential=True
    )
    reindex(activity)


# never public: a change to them alone needs no review
PRIVATE = ("contact_name", "contact_email")


def _only_private_changes(activity: Activity, data: ActivityData) -> bool:
    current = data_to_json(data_of(activity))
    proposed = completed(current, data_to_json(data))
    for name in PRIVATE:
        current["scalars"].pop(name, None)
        proposed["scalars"].pop(name, None)
    return proposed == current


def _apply_contact(actor: User, activity: Activity, data: ActivityData) -> None:
    before = audit.snapshot(activity, PRIVATE)
    for name in PRIVATE:
        if name in data.scalars:
            setattr(activity, name, data.scalars[name])
    activity.save(update_fields=[*PRIVATE])
    audit.record(
        "activities.activity.contact_updated",
        actor=actor,
        obj=activity,
        before=before,
        after=audit.snapshot(activity, PRIVATE),
    )


def _embed(activity: Activity) -> None:
    enqueue("activities.store_embedding", pk=activity.pk)


@transaction.atomic
def submit_activity(actor: User, activity: Activity) -> Activity:
    """Draft (or returned) → submitted. A State submitting about itself
    consents by submitting."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if (
        not permissions.can_edit(actor, activity)
        or actor.is_moderator
        and not (permissions.can_submit_for(actor, activity.submitter_org))
    ):
        raise NotAllowed(
            _("Only the submitting organization may submit this activity.")
        )
    if activity.review not in (Review.DRAFT, Review.RETURNED):
        raise DomainError(_("Only a draft or a returned activity can be submitted."))
    _require_states(activity)
    activity.review = Review.SUBMITTED
    activity.submitted_at = timezone.now()
    activity.save(update_fields=["review", "submitted_at"])
    _consent_by_submitting(actor, activity)
    audit.record(
        "activities.activity.submitted",
        actor=actor,
        obj=activity,
        before={"review": Review.DRAFT},
        after={"review": Review.SUBMITTED},
    )
    notify(
        moderators(),
        "submission-received",
        {"activity": activity},
        activity_url(activity),
    )
    return activity


def _require_states(activity: Activity) -> None:
    """No review, consent or publication without a concerned State."""
    if not activity.consents.exists():
        raise DomainError(
            _("Name at least one concerned State: its consent is needed to publish."),
            field="concerned_states",
        )


def _consent_by_submitting(actor: User, activity: Activity) -> None:
    """A State's focal point submitting, for that State's organization, about
    that State consents by submitting. No one else does: a contributor of a
    State-type body (a donor agency, say) does not decide for the State. Focal
    points pass the second factor to reach any page, and their API tokens
    expire, so this decision is as strong as the consent step's."""
    org = activity.submitter_org
    if org is None or org.org_type != OrgType.STATE or org.country_id is None:
        return
    if not actor.focal_point_countries().filter(pk=org.country_id).exists():
        return
    consents = activity.consents.select_related("country", "activity")
    own = consents.filter(country=org.country_id).first()
    if own is not None and own.status != ConsentStatus.GRANTED:
        record_decision(
            own,
            ConsentStatus.GRANTED,
            actor,
            how="submission",
            comment=_("Consent given by submitting."),
        )


def _review(actor: User, activity: Activity, decision: str, comment: str) -> Activity:
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator reviews submissions."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.review != Review.SUBMITTED:
        raise DomainError(_("Only a submitted activity can be reviewed."))
    if decision != Review.APPROVED and not comment.strip():
        raise DomainError(
            _("Say why, so the submitter can act on it."), field="comment"
        )
    activity.review = decision
    activity.save(update_fields=["review"])
    ReviewNote.objects.create(
        activity=activity, decision=decision, comment=comment, by=actor
    )
    audit.record(
        f"activities.activity.{decision}",
        actor=actor,
        obj=activity,
        before={"review": Review.SUBMITTED},
        after={"review": decision},
        data={"comment": comment},
    )
    notify(
        org_members(activity.submitter_org),
        "review-decided",
        {
            "activity": activity,
            "comment": comment,
            "decision_label": Review(decision).label,
        },
        activity_url(activity),
    )
    return activity


@transaction.atomic
def approve_submission(actor: User, activity: Activity, comment: str = "") -> Activity:
    """Submitted → approved; consent is then asked of every concerned State
    that has not given it, and the activity is published once all have."""
    _require_states(activity)
    activity = _review(actor, activity, Review.APPROVED, comment)
    _request_pending_consents(activity)
    publish_if_consented(activity, actor)
    reindex(activity)
    return activity


@transaction.atomic
def return_submission(actor: User, activity: Activity, comment: str) -> Activity:
    return _review(actor, activity, Review.RETURNED, comment)


@transaction.atomic
def reject_submission(actor: User, activity: Activity, comment: str) -> Activity:
    return _review(actor, activity, Review.REJECTED, comment)


def _request_pending_consents(activity: Activity) -> None:
    now = timezone.now()
    for consent in activity.consents.select_related("country").filter(
        status=ConsentStatus.PENDING
    ):
        consent.status, consent.requested_at = ConsentStatus.REQUESTED, now
        consent.save(update_fields=["status", "requested_at"])
        audit.record(
            "activities.consent.requested",
            obj=activity,
            after={"state": consent.country.iso3, "status": "requested"},
        )
        if not activity.confidential:
            notify(
                focal_points(consent.country),
                "consent-requested",
                {"activity": activity, "country": consent.country},
                activity_url(activity),
            )


@transaction.atomic
def merge_activities(actor: User, keep: Activity, duplicate: Activity) -> Activity:
    """The duplicate disappears into ``keep``; both provenances are kept and
    the duplicate's links to recommendations, themes and targets are added."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator merges activities."))
    if keep.pk == duplicate.pk or duplicate.merged_into_id or keep.merged_into_id:
        raise DomainError(_("These two activities cannot be merged."))
    keep = Activity.objects.select_for_update().get(pk=keep.pk)
    duplicate = Activity.objects.select_for_update().get(pk=duplicate.pk)
    said_no = duplicate.consents.select_related("country").filter(
        status__in=(ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)
    )
    if said_no:
        # what a State refused must not reach the public through another one
        raise DomainError(
            _(
                "%(states)s refused or withdrew consent for the duplicate: its "
                "decision stays on record, so it cannot be merged."
            )
            % {"states": ", ".join(c.country.name for c in said_no)}
        )
    before = snapshot_activity(keep)
    keep.provenances = [
        *keep.provenances,
        *[{**p, "merged_from": duplicate.pk} for p in duplicate.provenances],
    ]
    keep.save(update_fields=["provenances"])
    for name in M2M:
        getattr(keep, name).add(*getattr(duplicate, name).all())
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    audit.record(
        "activities.activity.merged",
        actor=actor,
        obj=keep,
        before=before,
        after=snapshot_activity(keep),
        data={"duplicate": duplicate.pk},
    )
    audit.record(
        "activities.activity.merged_away",
        actor=actor,
        obj=duplicate,
        after={"merged_into": keep.pk},
    )
    reindex(keep)
    reindex(duplicate)
    return keep
