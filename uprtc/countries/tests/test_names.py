import pytest

from uprtc.countries.models import Country
from uprtc.countries.names import CountryResolver, normalize


def test_normalize_ignores_case_accents_punctuation_and_articles():
    assert normalize("Côte d’Ivoire") == normalize("COTE D'IVOIRE")
    assert (
        normalize("Netherlands (the)") == normalize("the Netherlands") == "netherlands"
    )
    assert normalize("Holy See (the) *") == "holy see"
    assert normalize("St. Lucia") == normalize("Saint Lucia")


def test_a_resolver_built_from_plain_pairs_needs_no_database():
    resolver = CountryResolver([("Viet Nam", 1), ("Vietnam", 1)])
    assert resolver.resolve("VIET NAM") == 1
    assert resolver.resolve("Atlantis") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, iso3",
    [
        ("Iran", "IRN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("United States", "USA"),
        ("United Kingdom", "GBR"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Czech Republic", "CZE"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("Holy See", "VAT"),
        ("Palestine", "PSE"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Bolivia", "BOL"),
        ("Etats-Unis d'Amérique", "USA"),  # French UN name, without accents
        ("Соединенные Штаты Америки", "USA"),  # Russian
        ("俄罗斯联邦", "RUS"),  # Chinese
        ("SVN", "SVN"),
        ("SI", "SVN"),
    ],
)
def test_it_resolves_the_names_states_go_by(name, iso3):
    resolver = CountryResolver.from_db()
    assert resolver.resolve(name) == Country.objects.get(iso3=iso3).pk


@pytest.mark.django_db
def test_it_does_not_guess_unknown_names():
    resolver = CountryResolver.from_db()
    assert resolver.resolve("&#40;Unknown&#41;") is None
    assert resolver.resolve("ICRMW") is None
