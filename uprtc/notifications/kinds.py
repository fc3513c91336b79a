"""What people can be told about, in the words the preferences page uses.
Each kind names its templates ``notifications/<kind>.subject.txt`` and
``.body.txt``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    description: str | Promise


KINDS = {
    k.key: k
    for k in (
        Kind(
            "consent-requested",
            _("Consent requests for my State"),
            _("An approved activity about your State waits for the State's consent."),
        ),
        Kind(
            "consent-decided",
            _("My State's consent decisions"),
            _("A State granted or refused consent to publish one of your activities."),
        ),
        Kind(
            "submission-received",
            _("New submissions to moderate"),
            _("Someone submitted an activity that waits for a moderator."),
        ),
        Kind(
            "review-decided",
            _("Moderators' decisions on my submissions"),
            _("A moderator approved or returned an activity you submitted."),
        ),
        Kind(
            "revision-proposed",
            _("Proposed changes to moderate"),
            _("Someone proposed a change to an approved activity."),
        ),
        Kind(
            "revision-decided",
            _("Decisions on my proposed changes"),
            _("A moderator accepted or refused a change you proposed."),
        ),
        Kind(
            "membership-requested",
            _("Requests to join my organization"),
            _("Someone asks to join an organization you administer."),
        ),
        Kind(
            "membership-decided",
            _("Decisions on my requests to join"),
            _("An administrator or a moderator decided on your request to join."),
        ),
        Kind(
            "organization-registered",
            _("Organizations to vet"),
            _("Someone registered an organization that waits for vetting."),
        ),
        Kind(
            "organization-vetted",
            _("Vetting of the organization I registered"),
            _("A moderator vetted or rejected the organization you registered."),
        ),
        Kind(
            "match-updated",
            _("Matchmaking news"),
            _("A request for assistance or an offer of expertise you follow has news."),
        ),
    )
}


def label(key: str) -> str | Promise:
    kind = KINDS.get(key)
    return kind.label if kind else key
