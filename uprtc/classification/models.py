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
