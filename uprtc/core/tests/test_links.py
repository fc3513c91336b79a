"""Absolute links in the reader's language: one helper, every model with a
public page declares that page once (``get_absolute_url``)."""

import pytest
from django.utils import translation

from uprtc.activities.tests import builders
from uprtc.core.links import absolute_url, in_language
from uprtc.countries.models import Country
from uprtc.matching.tests.test_pages_and_plan import market  # noqa: F401, F811
from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def test_an_object_is_linked_in_the_language_asked_for(personas, settings):
    settings.SITE_URL = "https://uprtc.example"
    activity = builders.published(personas)
    assert absolute_url(activity, "fr") == (
        f"https://uprtc.example/fr/activities/{activity.pk}/"
    )
    with translation.override("ar"):
        assert absolute_url(activity) == (
            f"https://uprtc.example/ar/activities/{activity.pk}/"
        )
        svn = Country.objects.get(iso3="SVN")
        assert absolute_url(svn, "zh-hans").endswith("/zh-hans/countries/SVN/")


def test_a_path_changes_language_and_a_path_without_one_is_kept(settings):
    settings.SITE_URL = "https://uprtc.example"
    assert absolute_url("/en/search/", "ru") == "https://uprtc.example/ru/search/"
    assert in_language("/api/v1/activities/3", "fr") == "/api/v1/activities/3"


def test_an_unknown_language_falls_back_to_the_sites(settings):
    settings.SITE_URL = "https://uprtc.example"
    assert absolute_url("/fr/search/", "xx") == "https://uprtc.example/en/search/"


def test_each_public_page_is_declared_on_its_model(client, personas, market):  # noqa: F811
    offers, req = market
    rec = Recommendation.objects.create(
        state_under_review=Country.objects.get(iso3="SVN"), cycle=3, text="Ratify."
    )
    pages = [builders.published(personas), rec, req, *offers, personas.cso]
    for obj in [*pages, Country.objects.get(iso3="SVN")]:
        assert client.get(obj.get_absolute_url()).status_code == 200, obj
