"""The publication version moves with every change a public page may show,
and cached pictures follow it."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from uprtc.core import publication
from uprtc.countries.models import Country


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_saving_a_model_of_ours_moves_the_version():
    before = publication.version()
    country = Country.objects.first() or Country.objects.create(
        iso3="ZZZ", iso2="ZZ", m49=999, name_en="Test"
    )
    country.save()
    assert publication.version() > before


@pytest.mark.django_db
def test_cached_value_is_rebuilt_after_a_change():
    built = []

    def build():
        built.append(1)
        return len(built)

    assert publication.cached("thing", build) == 1
    assert publication.cached("thing", build) == 1  # from the cache
    publication.bump()
    assert publication.cached("thing", build) == 2


@pytest.mark.django_db
def test_cache_key_depends_on_language_and_parts():
    from django.utils import translation

    with translation.override("en"):
        publication.cached("x", lambda: "en", "a")
    with translation.override("ar"):
        assert publication.cached("x", lambda: "ar", "a") == "ar"
        assert publication.cached("x", lambda: "other", "b") == "other"


def test_a_lost_key_starts_a_series_that_never_meets_older_entries():
    cache.delete(publication.KEY)
    first = publication.version()
    publication.cached("thing", lambda: "old")
    cache.delete(publication.KEY)  # evicted, or the cache restarted
    assert publication.version() > first
    assert publication.cached("thing", lambda: "new") == "new"


def test_a_bump_without_a_key_starts_a_series():
    cache.delete(publication.KEY)
    publication._increment()
    assert publication.version() > 1
