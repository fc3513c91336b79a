"""IATI as a source: where imported activities come from (``IatiRecord``),
the publishers' files harvested on a schedule (``IatiSource``) and each
harvest (``HarvestRun``). All of it is for moderators: never public (the raw
XML and its versions may name people)."""

from __future__ import annotations

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uprtc.core.model_fields import belongs_to, optional_link

_SPLIT = re.compile(r"[\s,;]+")


def split_codes(text: str) -> list[str]:
    return [c for c in _SPLIT.split(text or "") if c]


class IatiSource(models.Model):
    """A publisher's IATI activity file, read again on each harvest."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    location = models.CharField(
        _("URL or local path"),
        max_length=1000,
        help_text=_("An http(s) address of an IATI activity file, or a file path."),
    )
    sectors = models.CharField(
        _("DAC sectors"),
        max_length=500,
        blank=True,
        help_text=_("DAC 5-digit codes, e.g. 15160 15150 15170; empty: any."),
    )
    sdg_tags = models.CharField(
        _("SDG goals or targets"),
        max_length=500,
        blank=True,
        help_text=_("e.g. 16 5.2 16.3; empty: any."),
    )
    countries = models.CharField(
        _("recipient countries"),
        max_length=500,
        blank=True,
        help_text=_("ISO 3166 alpha-2 codes, e.g. MZ NG CO; empty: any."),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_(
            "Words of the title or description, separated by commas; empty: any."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    etag = models.CharField(_("ETag"), max_length=300, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_summary = models.JSONField(_("last summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("IATI source")
        verbose_name_plural = _("IATI sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class HarvestRun(models.Model):
    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        NOT_MODIFIED = "not_modified", _("Not modified")
        FAILED = "failed", _("Failed")

    source = belongs_to(IatiSource, _("source"), related_name="runs")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    http_status = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("bytes read"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class IatiRecord(models.Model):
    """Provenance of an imported activity: file or source, publisher, when it
    was first and last read, the hash of its XML, the schema messages of the
    lenient import, and the previous version of what uprtc reads from it."""

    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="iati_record",
    )
    source = optional_link(
        IatiSource, _("source"), related_name="records", on_delete=models.SET_NULL
    )
    file_name = models.CharField(_("file or URL"), max_length=1000, blank=True)
    publisher_ref = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_name = models.CharField(_("publisher name"), max_length=300, blank=True)
    first_harvested_at = models.DateTimeField(_("first read"), default=timezone.now)
    last_harvested_at = models.DateTimeField(_("last read"), default=timezone.now)
    changed_at = models.DateTimeField(
        _("last changed by the publisher"), null=True, blank=True
    )
    xml_hash = models.CharField(_("SHA-256 of the activity XML"), max_length=64)
    changed_since_last = models.BooleanField(
        _("changed by the publisher since the import before"), default=False
    )
    current = models.JSONField(_("what uprtc read"), default=dict, blank=True)
    previous = models.JSONField(_("what uprtc read the time before"), null=True)
    warnings = models.JSONField(_("schema messages"), default=list, blank=True)
    # recipient-region (vocabulary, code) pairs, for the States' suggestions
    regions = models.JSONField(_("recipient regions"), default=list, blank=True)
    states_needed = models.BooleanField(_("concerned States needed"), default=False)

    class Meta:
        verbose_name = _("IATI provenance")
        verbose_name_plural = _("IATI provenances")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.file_name}"
