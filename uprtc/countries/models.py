from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uprtc.core.i18n import localized
from uprtc.core.model_fields import belongs_to, in_each_language, optional_link


class RegionalGroup(models.TextChoices):
    """The five UN regional groups (a political grouping, not part of M49)."""

    AFRICAN = "african", _("African Group")
    ASIA_PACIFIC = "asia-pacific", _("Asia-Pacific Group")
    EASTERN_EUROPEAN = "eastern-european", _("Eastern European Group")
    LATIN_AMERICAN_CARIBBEAN = (
        "latin-american-caribbean",
        _("Latin American and Caribbean Group"),
    )
    WESTERN_EUROPEAN_OTHERS = (
        "western-european-others",
        _("Western European and Others Group"),
    )


@in_each_language("name", _("name"), models.CharField, max_length=200)
class Names(models.Model):
    """A name in each of the six UN languages."""

    # for the type checker, which does not see the decorator's columns: the
    # English name is read directly where a fixed language is wanted
    name_en: str

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Region(Names):
    """An M49 region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("region")
        SUBREGION = "subregion", _("sub-region")
        INTERMEDIATE = "intermediate", _("intermediate region")

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["m49"]


class CountryQuerySet(models.QuerySet["Country"]):
    def states(self) -> CountryQuerySet:
        """UN Member and observer States: those that take part in the UPR."""
        return self.filter(models.Q(un_member=True) | models.Q(un_observer=True))


@in_each_language(
    "formal_name",
    _("formal name"),
    models.CharField,
    english_required=False,
    max_length=250,
)
class Country(Names):
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    region = optional_link(Region, _("region"), related_name="countries")
    subregion = optional_link(
        Region, _("sub-region"), related_name="subregion_countries"
    )
    intermediate_region = optional_link(
        Region, _("intermediate region"), related_name="intermediate_countries"
    )
    regional_group = models.CharField(
        _("UN regional group"), max_length=30, choices=RegionalGroup.choices, blank=True
    )
    un_member = models.BooleanField(_("UN Member State"), default=False)
    un_observer = models.BooleanField(_("UN observer State"), default=False)
    ldc = models.BooleanField(_("least developed country"), default=False)
    lldc = models.BooleanField(_("landlocked developing country"), default=False)
    sids = models.BooleanField(_("small island developing State"), default=False)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def get_absolute_url(self) -> str:
        return reverse("countries-detail", args=[self.iso3])

    @property
    def formal_name(self) -> str:
        return localized(self, "formal_name")


class CountryAlias(models.Model):
    """Another name for a country, as found in imported files ("Iran",
    "Viet Nam", "Czech Republic" …). Matching is on ``key``, see
    ``names.normalize``."""

    key = models.CharField(_("normalised name"), max_length=250, unique=True)
    alias = models.CharField(_("name"), max_length=250)
    country = belongs_to(Country, _("country"), related_name="aliases")
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("country alias")
        verbose_name_plural = _("country aliases")
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias
