"""Setting up a second factor through a one-time link sent by e-mail.

Focal points and moderators (and staff) must use a second factor
(``uprtc.actors.mfa``). Whoever knows the password could otherwise be the
first to set it up, so the page that sets it up opens only in a session that
opened the link e-mailed to the account's address:

* ``send_enrolment_link(user)`` e-mails a link ``/<lang>/accounts/enrol/<token>/``,
  valid ``MFA_ENROLMENT_LINK_HOURS``. It is sent when someone is granted a
  deciding role and has no factor yet (``add_user``, ``decide_membership``) and
  on request from the "check your e-mail" page (``request_enrolment_link``, at
  most one per ``RESEND_INTERVAL``).
* ``open_enrolment_link(user, token)`` checks the link and uses it up. The
  link works only for a person signed in (with their password) as the account
  it was sent to; opened while signed out, it first leads to the sign-in page
  and is used once they are in. It proves control of the mailbox, not identity:
  the password still does that.

The token is signed (``django.core.signing``, so it cannot be forged or
stretched past its age) and carries a random nonce of which only a hash is
stored (``EnrolmentLink``): sending a new link or opening one makes every
earlier link useless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uprtc.actors.models import EnrolmentLink, User
from uprtc.core import audit
from uprtc.core.errors import DomainError
from uprtc.core.links import absolute_url

log = logging.getLogger(__name__)

SALT = "uprtc.actors.enrolment"
# a person may ask for a new link this often, not more
RESEND_INTERVAL = dt.timedelta(minutes=2)


class EnrolmentLinkError(DomainError):
    """A link that cannot be used; ``reason`` is one of ``invalid``,
    ``other-user``, ``expired``, ``used``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def link_max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.MFA_ENROLMENT_LINK_HOURS)


@transaction.atomic
def send_enrolment_link(user: User, *, actor: Any = None) -> str:
    """Make a new one-time link for ``user`` (earlier ones stop working),
    e-mail it in their language once the transaction commits, and return it."""
    nonce = secrets.token_urlsafe(24)
    EnrolmentLink.objects.update_or_create(
        user=user,
        defaults={
            "nonce_hash": _hash(nonce),
            "sent_at": timezone.now(),
            "used_at": None,
        },
    )
    record = EnrolmentLink.objects.get(user=user)
    token = signing.dumps({"u": user.pk, "n": nonce}, salt=SALT)
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        url = absolute_url(reverse("actors-enrol", kwargs={"token": token}))
        context = {
            "recipient": user,
            "url": url,
            "hours": settings.MFA_ENROLMENT_LINK_HOURS,
            "reset_url": absolute_url(reverse("account_reset_password")),
        }
        subject = render_to_string("actors/enrolment-link.subject.txt", context)
        body = render_to_string("actors/enrolment-link.body.txt", context)
    audit.record(
        "actors.enrolment.sent",
        actor=actor,
        obj=record,
        data={"user": user.pk, "valid_hours": settings.MFA_ENROLMENT_LINK_HOURS},
    )
    transaction.on_commit(_mailer(user.email, subject.strip(), body.strip()))
    return url


def _mailer(address: str, subject: str, body: str) -> Any:
    def send() -> None:
        try:
            send_mail(subject, body, None, [address])
        except OSError:  # the person can ask again from the page
            log.exception("could not send the enrolment link to %s", address)

    return send


def request_enrolment_link(user: User) -> str:
    """A person asks for a (new) link from the "check your e-mail" page."""
    last = EnrolmentLink.objects.filter(user=user).values_list("sent_at", flat=True)
    if last and last[0] > timezone.now() - RESEND_INTERVAL:
        raise DomainError(
            _(
                "A link was sent a moment ago: wait a few minutes and look in "
                "your mailbox, spam folder included."
            )
        )
    return send_enrolment_link(user, actor=user)


def current_link(user: User) -> EnrolmentLink | None:
    """The link last sent to ``user`` if it may still be opened."""
    record = EnrolmentLink.objects.filter(user=user, used_at__isnull=True).first()
    if record is None or record.sent_at <= timezone.now() - link_max_age():
        return None
    return record


@transaction.atomic
def open_enrolment_link(user: User, token: str) -> None:
    """Use up ``token`` for ``user`` (signed in) or raise
    ``EnrolmentLinkError``. A link meant for someone else is refused without
    being used up."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise EnrolmentLinkError(
            _("This link is not valid. Copy the whole address from the e-mail."),
            "invalid",
        ) from None
    if not isinstance(payload, dict) or payload.get("u") != user.pk:
        raise EnrolmentLinkError(
            _(
                "This link was sent to another account. Sign out, then sign in as "
                "the person it was sent to."
            ),
            "other-user",
        )
    try:
        signing.loads(token, salt=SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        raise EnrolmentLinkError(
            _("This link has expired. Ask for a new one below."), "expired"
        ) from None
    record = EnrolmentLink.objects.select_for_update().filter(user=user).first()
    if (
        record is None
        or record.used_at is not None
        or not secrets.compare_digest(record.nonce_hash, _hash(str(payload.get("n"))))
    ):
        raise EnrolmentLinkError(
            _(
                "This link was already used, or a newer one was sent since. "
                "Ask for a new one below."
            ),
            "used",
        )
    record.used_at = timezone.now()
    record.save(update_fields=["used_at"])
    audit.record(
        "actors.enrolment.opened", actor=user, obj=record, data={"user": user.pk}
    )
