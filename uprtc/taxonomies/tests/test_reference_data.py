import pytest
from django.utils import translation

from uprtc.taxonomies.models import (
    AffectedPerson,
    CodelistItem,
    SdgGoal,
    SdgTarget,
    Theme,
    ThemeAlias,
)
from uprtc.taxonomies.reference import load_taxonomies, target_position

pytestmark = pytest.mark.django_db
LANGS = ("en", "fr", "es", "ar", "zh", "ru")


def test_it_loads_17_goals_and_169_targets_in_six_languages():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    for obj in [*SdgGoal.objects.all(), *SdgTarget.objects.all()]:
        assert all(getattr(obj, f"title_{s}") for s in LANGS), obj
    target = SdgTarget.objects.get(code="16.3")
    assert target.goal.number == 16
    assert target.title_en.startswith("Promote the rule of law")
    with translation.override("es"):
        assert SdgGoal.objects.get(number=5).short == "Igualdad de Género"


def test_targets_keep_the_order_of_the_2030_agenda():
    codes = list(
        SdgTarget.objects.filter(goal__number=1).values_list("code", flat=True)
    )
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    assert target_position("17.19") > target_position("17.1")


def test_it_loads_uhri_themes_and_affected_persons_with_translations():
    assert Theme.objects.count() == 104
    assert AffectedPerson.objects.count() == 32
    for obj in [*Theme.objects.all(), *AffectedPerson.objects.all()]:
        assert all(getattr(obj, f"name_{s}") for s in LANGS), obj


@pytest.mark.parametrize(
    "generation, label, slug",
    [
        (
            "2019",
            "Acceptance of international norms",
            "ratification-of-and-accession-to-international-instruments",
        ),
        (
            "2014",
            "A12 Acceptance of international norms",
            "ratification-of-and-accession-to-international-instruments",
        ),
        (
            "2019",
            "Administration of justice & fair trial",
            "administration-of-justice-and-fair-trial",
        ),
    ],
)
def test_older_theme_generations_map_to_current_themes(generation, label, slug):
    alias = ThemeAlias.objects.get(generation=generation, label=label)
    assert slug in set(alias.themes.values_list("slug", flat=True))


def test_it_loads_the_iati_codelists_the_product_uses():
    assert (
        CodelistItem.objects.get(codelist="Sector", code="15160").name_en
        == "Human rights"
    )
    assert CodelistItem.objects.get(codelist="OrganisationRole", code="4").name_en == (
        "Implementing"
    )
    assert CodelistItem.objects.filter(codelist="UNSDG-Targets").count() == 169
    assert CodelistItem.objects.filter(codelist="Currency", code="EUR").exists()


def test_loading_again_changes_nothing():
    before = {
        m: m.objects.count() for m in (SdgTarget, Theme, ThemeAlias, CodelistItem)
    }
    load_taxonomies()
    assert before == {m: m.objects.count() for m in before}
