import pytest
from django.db.models import Count
from django.utils import translation

from uprtc.countries.models import Country, CountryAlias, RegionalGroup
from uprtc.countries.reference import load_countries

pytestmark = pytest.mark.django_db


def test_it_loads_every_country_with_m49_and_iso_codes():
    assert Country.objects.count() == 249
    france = Country.objects.get(iso3="FRA")
    assert (france.iso2, france.m49) == ("FR", "250")
    assert france.region.name_en == "Europe"
    assert france.subregion.name_en == "Western Europe"


def test_it_has_un_names_in_the_six_languages():
    france = Country.objects.get(iso3="FRA")
    assert (france.name_en, france.name_fr, france.name_es) == (
        "France",
        "France",
        "Francia",
    )
    assert (france.name_ar, france.name_zh, france.name_ru) == (
        "فرنسا",
        "法国",
        "Франция",
    )
    assert france.formal_name_en == "the French Republic"
    with translation.override("zh-hans"):
        assert france.name == "法国"
    # UNTERM has no entry for Côte d'Ivoire; the fallback must still be the UN's name
    assert Country.objects.get(iso3="CIV").name_en == "Côte d'Ivoire"


def test_it_knows_the_un_regional_groups_of_all_193_member_states():
    counts = dict(
        Country.objects.filter(un_member=True)
        .values_list("regional_group")
        .annotate(n=Count("id"))
    )
    assert sum(counts.values()) == 193
    assert counts[RegionalGroup.AFRICAN] == 54
    assert counts[RegionalGroup.EASTERN_EUROPEAN] == 23
    assert counts[RegionalGroup.LATIN_AMERICAN_CARIBBEAN] == 33
    assert (
        Country.objects.get(iso3="SVN").regional_group == RegionalGroup.EASTERN_EUROPEAN
    )
    observers = set(
        Country.objects.filter(un_observer=True).values_list("iso3", flat=True)
    )
    assert observers == {"VAT", "PSE"}
    assert Country.objects.states().count() == 195


def test_it_flags_ldc_lldc_and_sids_as_unsd_publishes_them():
    assert Country.objects.filter(ldc=True).count() == 45
    assert Country.objects.filter(lldc=True).count() == 32
    assert Country.objects.filter(sids=True).count() == 53
    assert Country.objects.get(iso3="NPL").lldc
    assert Country.objects.get(iso3="FJI").sids


def test_loading_again_changes_nothing():
    aliases = CountryAlias.objects.count()
    assert load_countries() == {"regions": 0, "countries": 0, "aliases": 0}
    assert CountryAlias.objects.count() == aliases > 250
