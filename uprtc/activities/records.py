"""A State's consent decision is a record: one function writes it, nothing
deletes it. Submitting (a State's focal point about its own State), accepting
a match and the consent step all record decisions through
:func:`record_decision`; the guards of each step stay in the step."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from uprtc.activities.models import Consent
from uprtc.core import audit
from uprtc.core.errors import DomainError


def record_decision(
    consent: Consent,
    status: str,
    actor: Any,
    *,
    how: str,
    on_record: bool = False,
    evidence: Any = None,
    evidence_note: str = "",
    comment: str = "",
) -> Consent:
    """Write ``status`` (granted, refused, withdrawn) on ``consent`` with who
    decided, when and how, and append it to the audit log. ``how`` is one of
    ``consent-step``, ``submission``, ``match-accepted``."""
    before = {"state": consent.country.iso3, "status": consent.status}
    consent.status = status
    consent.decided_by, consent.decided_at = actor, timezone.now()
    consent.on_record_by_moderator = on_record
    if evidence is not None:
        consent.evidence = evidence
    consent.evidence_note = evidence_note[:300]
    consent.comment = comment
    consent.save()
    audit.record(
        f"activities.consent.{status}",
        actor=actor,
        obj=consent.activity,
        before=before,
        after={"state": consent.country.iso3, "status": status},
        data={
            "how": how,
            "on_record_by_moderator": on_record,
            "evidence": consent.evidence.name or evidence_note,
        },
    )
    return consent


def refuse_deleting_a_decision(sender: Any, instance: Consent, **kwargs: Any) -> None:
    if instance.decided:
        raise DomainError(
            f"The decision of {instance.country.iso3} on activity "
            f"{instance.activity_id} is on record and cannot be deleted."
        )
