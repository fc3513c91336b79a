"""Telling people what they must act on: an in-app notification and an e-mail,
each written in the recipient's language, sent only once the change that
caused them has committed."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from uprtc.actors.models import User
from uprtc.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(
    recipients: Iterable[User], kind: str, context: dict[str, Any], url: str = ""
) -> None:
    """``kind`` names the templates ``notifications/<kind>.subject.txt`` and
    ``.body.txt``; they receive ``context`` plus ``recipient`` and ``url``."""
    people = {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    for user in people:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            ctx = {**context, "recipient": user, "url": settings.SITE_URL + url}
            subject = render_to_string(f"notifications/{kind}.subject.txt", ctx).strip()
            body = render_to_string(f"notifications/{kind}.body.txt", ctx).strip()
        Notification.objects.create(
            recipient=user, kind=kind, subject=subject[:300], body=body, url=url
        )
        transaction.on_commit(_mailer(user.email, subject, body))


def _mailer(address: str, subject: str, body: str) -> Any:
    def send() -> None:
        try:
            send_mail(subject, body, None, [address])
        except OSError:  # a mail outage must not undo or block the workflow
            log.exception("could not send notification to %s", address)

    return send


def send_digests() -> int:
    """Once a day: each person with unread notifications not yet recalled gets
    one e-mail listing them, in their language. Returns the number of e-mails.
    Each person's notifications are marked in the transaction that sends, so a
    second run the same day sends nothing."""
    sent = 0
    waiting = Notification.objects.filter(read_at__isnull=True, digested_at=None)
    for user in User.objects.filter(
        is_active=True, pk__in=waiting.values("recipient")
    ).order_by("pk"):
        with transaction.atomic():
            notes = list(
                waiting.select_for_update().filter(recipient=user).order_by("pk")
            )
            if not notes:  # another run took them
                continue
            with translation.override(
                user.preferred_language or settings.LANGUAGE_CODE
            ):
                ctx = {
                    "recipient": user,
                    "notes": notes,
                    "url": settings.SITE_URL + reverse("dashboard"),
                }
                subject = render_to_string("notifications/digest.subject.txt", ctx)
                body = render_to_string("notifications/digest.body.txt", ctx)
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
                digested_at=timezone.now()
            )
            transaction.on_commit(_mailer(user.email, subject.strip(), body.strip()))
        sent += 1
    return sent
