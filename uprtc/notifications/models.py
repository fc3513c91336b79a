from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person wants to hear of one kind of notification by e-mail; the
    in-app notification is written whatever they choose."""

    IMMEDIATE = "immediate", _("Immediately, one e-mail each")
    DAILY = "daily", _("In a daily digest")
    OFF = "off", _("No e-mail, only on my desk")


class Notification(models.Model):
    """An in-app message to one person about something they must act on or
    should know. It also goes by e-mail, as the recipient chose for its kind
    (see ``services.notify``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    # what it was about (objects by reference), to write it again in the
    # language the desk is read in: see ``params``
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # set when a daily digest has reminded the recipient of it, so that an
    # unread notification is recalled once, not every day
    digested_at = models.DateTimeField(_("in a digest"), null=True, blank=True)
    # the recipient's choice for this kind when it was written; a later change
    # of preference applies to what has not been e-mailed yet
    delivery = models.CharField(
        _("e-mail"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_tried_at = models.DateTimeField(
        _("last e-mail attempt"), null=True, blank=True
    )
    email_error = models.TextField(_("last e-mail error"), blank=True)
    # not stored: set by services.shown() in the language the desk is read in
    shown_subject: str
    shown_url: str

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # the retry sweep and the digest look only at what is still unsent
            models.Index(
                fields=["delivery", "created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """One person's choice for one kind; no row means immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("e-mail"), max_length=12, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
