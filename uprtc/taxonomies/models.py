from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from uprtc.core.i18n import localized
from uprtc.core.model_fields import in_each_language, refers_to
from uprtc.countries.models import Names


@in_each_language("short", _("short name"), models.CharField, max_length=100)
@in_each_language("title", _("title"), models.TextField)
class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short}"

    @property
    def code(self) -> str:
        return str(self.number)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def short(self) -> str:
        return localized(self, "short")


@in_each_language("title", _("title"), models.TextField)
class SdgTarget(models.Model):
    code = models.CharField(_("code"), max_length=6, unique=True)  # "1.1", "1.a"
    goal = refers_to(SdgGoal, _("goal"), related_name="targets")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["goal__number", "position"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    @property
    def title(self) -> str:
        return localized(self, "title")


# the groups of the UHRI themes (taxonomies/data/uhri_themes.csv), in the
# order pages and reports present them
THEME_GROUPS = {
    "international-framework": _("International framework and cooperation"),
    "justice-security": _("Justice and security"),
    "civil-political": _("Civil and political rights"),
    "economic-social-cultural": _("Economic, social and cultural rights"),
    "equality-groups": _("Equality and groups of persons"),
    "development-environment": _("Development and the environment"),
    "other": _("Other themes"),
}


class Theme(Names):
    """A human rights theme of the current UHRI vocabulary."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    group = models.CharField(_("group"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_en"]

    @property
    def group_name(self) -> str:
        return str(THEME_GROUPS.get(self.group, THEME_GROUPS["other"]))


class ThemeAlias(models.Model):
    """A label of an older UHRI generation (2014 coded, 2019 names) and the
    current theme(s) it maps to, so old documents land on today's vocabulary."""

    generation = models.CharField(_("generation"), max_length=10)
    label = models.CharField(_("label"), max_length=250)
    # "<generation>:<normalised label>": one label may differ between generations
    key = models.CharField(_("normalised label"), max_length=260, unique=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="aliases"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("theme alias")
        verbose_name_plural = _("theme aliases")

    def __str__(self) -> str:
        return f"{self.label} ({self.generation})"


class AffectedPerson(Names):
    """A group of affected persons (UHRI vocabulary)."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    # Other spellings found in older lists ("older persons", "children" …)
    other_labels = models.JSONField(_("other labels"), default=list, blank=True)

    class Meta:
        verbose_name = _("affected persons")
        verbose_name_plural = _("affected persons")
        ordering = ["name_en"]


class CodelistItem(models.Model):
    """One code of an IATI codelist (sector, organisation type, currency …)."""

    codelist = models.CharField(_("codelist"), max_length=60)
    code = models.CharField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    description_en = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    key = models.CharField(
        max_length=110, unique=True, editable=False
    )  # "Sector:15160"

    class Meta:
        verbose_name = _("IATI code")
        verbose_name_plural = _("IATI codes")
        ordering = ["codelist", "code"]

    def __str__(self) -> str:
        return f"{self.codelist} {self.code} {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")
