from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClassifierVersion(models.Model):
    """A trained model of one taxonomy. Every training adds a version; the
    newest is used. The model itself is a pickle written only by
    ``uprtc classifier train``."""

    taxonomy = models.CharField(_("taxonomy"), max_length=80, db_index=True)
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    trained_on = models.PositiveIntegerField(_("labelled texts"), default=0)
    source = models.CharField(_("training file"), max_length=300, blank=True)
    labels = models.JSONField(_("labels"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    blob = models.BinaryField(editable=False)

    class Meta:
        ordering = ["taxonomy", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "version"], name="classifier_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy} v{self.version}"


class SuggestionFeedback(models.Model):
    """A person accepted or rejected a suggested label: the next training
    learns from it."""

    taxonomy = models.CharField(_("taxonomy"), max_length=80)
    text = models.TextField(_("text"))
    label = models.CharField(_("label"), max_length=100)
    accepted = models.BooleanField(_("accepted"))
    by = models.ForeignKey("actors.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["taxonomy", "accepted"])]

    def __str__(self) -> str:
        return f"{self.taxonomy}:{self.label} {'+' if self.accepted else '-'}"
