"""Telling people what they must act on: an in-app notification, always, and
an e-mail as each person chose for that kind (immediately, in a daily digest,
or not at all), each written in the recipient's language.

E-mails never leave from the request that caused them: ``notify`` asks the
task queue for ``notifications.send_email`` in the same transaction, the task
records each attempt, and ``retry_emails`` (beat, every few minutes) tries
again what failed, waiting longer each time, until it gives up."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from uprtc.actors.models import User
from uprtc.core.links import absolute_url, in_language
from uprtc.core.tasks import enqueue
from uprtc.notifications import params
from uprtc.notifications.kinds import KINDS
from uprtc.notifications.models import Delivery, Notification, Preference

log = logging.getLogger(__name__)

# an immediate e-mail is tried this many times in all, the n-th retry waiting
# 2^n minutes after the previous attempt (about an hour from first to last)
MAX_ATTEMPTS = 6
# a notification whose task never ran (queue lost, worker down) is taken up by
# the sweep once it is this old, not while its task may still be on its way
FIRST_TRY_GRACE = timedelta(minutes=5)
UNSUBSCRIBE_SALT = "uprtc.notifications.unsubscribe"


def language_of(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def notify(
    recipients: Iterable[User], kind: str, context: dict[str, Any], url: str = ""
) -> None:
    """``kind`` names the templates ``notifications/<kind>.subject.txt`` and
    ``.body.txt``; they receive ``context`` plus ``recipient`` and ``url``
    (absolute, in the recipient's language)."""
    people = list(
        {u.pk: u for u in recipients if u is not None and u.is_active}.values()
    )
    choices = deliveries([u.pk for u in people], kind)
    kept = params.encode(context)
    for user in people:
        language = language_of(user)
        link = in_language(url, language)
        with translation.override(language):
            ctx = {**context, "recipient": user, "url": absolute_url(link)}
            subject = render_to_string(f"notifications/{kind}.subject.txt", ctx).strip()
            body = render_to_string(f"notifications/{kind}.body.txt", ctx).strip()
        note = Notification.objects.create(
            recipient=user,
            kind=kind,
            subject=subject[:300],
            body=body,
            url=link,
            params=kept,
            delivery=choices.get(user.pk, Delivery.IMMEDIATE),
        )
        if note.delivery == Delivery.IMMEDIATE:
            enqueue("notifications.send_email", notification_id=note.pk)


def shown(notes: list[Notification], language: str) -> list[Notification]:
    """The notes with ``shown_subject`` and ``shown_url`` in ``language``: the
    desk is read in the language of the day, whatever language the e-mail
    went out in. A note whose objects are gone keeps its words of the time."""
    contexts = params.decode_many([n.params or {} for n in notes])
    for note, context in zip(notes, contexts, strict=True):
        note.shown_subject = note.subject
        note.shown_url = in_language(note.url, language)
        if context is None or not note.params:
            continue
        with translation.override(language):
            ctx = {
                **context,
                "recipient": note.recipient,
                "url": absolute_url(note.shown_url),
            }
            subject = render_to_string(f"notifications/{note.kind}.subject.txt", ctx)
        note.shown_subject = subject.strip()[:300]
    return notes


# ---------------------------------------------------------------- preferences


def deliveries(user_ids: list[int], kind: str) -> dict[int, str]:
    """Each person's choice for ``kind``; absent means immediately."""
    rows = Preference.objects.filter(user_id__in=user_ids, kind=kind)
    return dict(rows.values_list("user_id", "delivery"))


def preferences_of(user: User) -> dict[str, str]:
    """Every kind with the person's choice, immediately unless they chose."""
    saved = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {key: saved.get(key, Delivery.IMMEDIATE) for key in KINDS}


@transaction.atomic
def set_preferences(user: User, choices: dict[str, str]) -> None:
    """Also applies to what is not e-mailed yet: switching a kind off stops a
    pending retry, switching it to daily puts it in the next digest."""
    for kind, delivery in choices.items():
        if kind not in KINDS or delivery not in Delivery.values:
            raise ValueError(f"no such choice: {kind}={delivery}")
        Preference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
        user.notifications.filter(kind=kind, emailed_at=None).exclude(
            delivery=delivery
        ).update(delivery=delivery)


# ---------------------------------------------------------------- unsubscribe


def unsubscribe_token(user: User, kinds: Iterable[str]) -> str:
    """Signed, without expiry: an old e-mail's link must still work."""
    return signing.dumps(
        {"u": user.pk, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[User, list[str]] | None:
    """The person and kinds a token names, or None if it was not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    kinds = [k for k in data.get("k", []) if k in KINDS]
    if user is None or not kinds:
        return None
    return user, kinds


def unsubscribe(user: User, kinds: Iterable[str]) -> None:
    set_preferences(user, dict.fromkeys(kinds, Delivery.OFF))


def unsubscribe_url(user: User, kinds: Iterable[str]) -> str:
    path = reverse("notifications-unsubscribe", args=[unsubscribe_token(user, kinds)])
    return absolute_url(path, language_of(user))


def _message(user: User, subject: str, body: str, kinds: list[str]) -> EmailMessage:
    """The e-mail, with the footer that says how to stop it and the headers
    that let a mail client unsubscribe in one click (RFC 2369, RFC 8058)."""
    leave = unsubscribe_url(user, kinds)
    with translation.override(language_of(user)):
        footer = render_to_string(
            "notifications/email-footer.txt",
            {
                "kinds": [KINDS[k].label for k in kinds],
                "unsubscribe_url": leave,
                "preferences_url": absolute_url(reverse("notifications-preferences")),
            },
        ).strip()
    return EmailMessage(
        subject,
        f"{body}\n\n-- \n{footer}",
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


# ------------------------------------------------------------ immediate e-mail


def send_email(notification_id: int) -> bool:
    """The task: e-mail one notification unless it was already (idempotent),
    or its recipient no longer wants it immediately. The row stays locked while
    sending, so two workers given the same task send it once. A failure is
    recorded on the row and raised; ``retry_emails`` tries again."""
    failure = None
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",))
            .filter(pk=notification_id, emailed_at=None, delivery=Delivery.IMMEDIATE)
            .select_related("recipient")
            .first()
        )
        if note is None or not note.recipient.is_active:
            return False
        tried = {
            "email_attempts": F("email_attempts") + 1,
            "email_tried_at": timezone.now(),
        }
        try:
            kinds = [note.kind] if note.kind in KINDS else []
            _message(note.recipient, note.subject, note.body, kinds).send()
        except Exception as exc:  # noqa: BLE001 - any failure is recorded, then raised
            failure = exc
            Notification.objects.filter(pk=note.pk).update(
                **tried, email_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
        else:
            Notification.objects.filter(pk=note.pk).update(
                **tried, emailed_at=timezone.now(), email_error=""
            )
            return True
    if note.email_attempts + 1 >= MAX_ATTEMPTS:
        log.error(
            "gave up e-mailing notification %s to user %s after %s attempts: %s",
            note.pk,
            note.recipient_id,
            MAX_ATTEMPTS,
            failure,
        )
    raise failure


def due_for_retry(now: Any = None) -> list[int]:
    """Immediate e-mails not sent yet whose wait is over: never tried and
    older than the grace period, or failed n times and tried 2^n minutes ago."""
    now = now or timezone.now()
    unsent = Notification.objects.filter(
        delivery=Delivery.IMMEDIATE,
        emailed_at=None,
        email_attempts__lt=MAX_ATTEMPTS,
        recipient__is_active=True,
    ).order_by("pk")
    due = []
    for pk, attempts, tried, created in unsent.values_list(
        "pk", "email_attempts", "email_tried_at", "created_at"
    ):
        if tried is None:
            if created + FIRST_TRY_GRACE <= now:
                due.append(pk)
        elif tried + timedelta(minutes=2**attempts) <= now:
            due.append(pk)
    return due


def retry_emails() -> int:
    """Beat, every five minutes (or ``uprtc send-notifications`` from cron
    without a broker): returns how many e-mails left."""
    sent = 0
    for pk in due_for_retry():
        try:
            sent += send_email(pk)
        except Exception:  # recorded on the row; the next one still goes
            log.warning("notification %s: e-mail failed again", pk)
    return sent


# ---------------------------------------------------------------- daily digest


def send_digests() -> int:
    """Once a day: one e-mail per person, in their language, with what they
    chose to hear of daily and has not been e-mailed, and a reminder of the
    unread immediate notifications not recalled before. A notification
    already read on the desk needs no e-mail. Returns the number of e-mails.
    Each person's notifications are marked in the transaction that sends, so
    a second run the same day sends nothing, and a failed send leaves them for
    the next run."""
    sent = 0
    for user in User.objects.filter(
        is_active=True, pk__in=_digestible().values("recipient")
    ).order_by("pk"):
        try:
            sent += _send_digest(user)
        except Exception:  # the marks rolled back: tomorrow's digest has them
            log.exception("could not send the digest to user %s", user.pk)
    return sent


def _digestible() -> Any:
    unread = Notification.objects.filter(read_at__isnull=True)
    return unread.filter(delivery=Delivery.DAILY, emailed_at=None) | unread.filter(
        delivery=Delivery.IMMEDIATE, digested_at=None
    )


@transaction.atomic
def _send_digest(user: User) -> int:
    notes = list(
        _digestible().filter(recipient=user).select_for_update().order_by("pk")
    )
    if not notes:  # another run took them
        return 0
    new = [n for n in notes if n.delivery == Delivery.DAILY]
    recalled = [n for n in notes if n.delivery == Delivery.IMMEDIATE]
    with translation.override(language_of(user)):
        ctx = {
            "recipient": user,
            "notes": notes,
            "new": new,
            "recalled": recalled,
            "site": settings.SITE_URL,
            "url": absolute_url(reverse("dashboard")),
        }
        subject = render_to_string("notifications/digest.subject.txt", ctx).strip()
        body = render_to_string("notifications/digest.body.txt", ctx).strip()
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in new]).update(
        emailed_at=now, digested_at=now
    )
    Notification.objects.filter(pk__in=[n.pk for n in recalled]).update(digested_at=now)
    kinds = sorted({n.kind for n in notes if n.kind in KINDS})
    _message(user, subject, body, kinds).send()
    return 1
