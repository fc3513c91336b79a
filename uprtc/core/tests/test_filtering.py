"""Filter tables (``uprtc.core.filtering``): a value that cannot be read is
refused naming its parameter; several values match any, several parameters
all; ``filtered`` narrows what visibility already allowed, never widens it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.core.filtering import (
    Filter,
    FilterError,
    apply_filters,
    boolean,
    date,
    given,
    integer,
    words_search,
)

TABLE = {
    "sdg": Filter("sdg_goals__number", integer),
    "flag": Filter("good_practice", boolean, many=False),
    "since": Filter("published_at__date__gte", date, many=False),
    "odd": Filter("title", cast=float),
}


@pytest.mark.parametrize(
    ("query", "name", "says"),
    [
        ("sdg=abc", "sdg", "sdg must be a whole number"),
        ("sdg=99999999999999999999", "sdg", "sdg must be a whole number"),
        ("flag=maybe", "flag", "flag must be true or false"),
        ("since=2024-13-01", "since", "since must be a date"),
        ("odd=abc", "odd", "odd has a value that cannot be read"),
    ],
)
def test_it_names_the_parameter_holding_a_bad_value(query, name, says):
    with pytest.raises(FilterError) as refused:
        apply_filters(Activity.objects.none(), TABLE, QueryDict(query))
    assert refused.value.field == name
    assert says in refused.value.message


def test_it_reads_strings_and_values_already_typed_alike():
    assert integer(" 7 ") == integer(7) == 7
    assert boolean("on") is boolean(True) is True
    assert boolean("0") is boolean("off") is False
    assert date("2024-05-01") == date(dt.date(2024, 5, 1))


def test_it_reads_repeated_parameters_and_skips_empty_ones():
    assert given(QueryDict("a=1&a=2&a="), "a") == ["1", "2"]
    assert given({"a": ["1", ""], "b": None, "c": ""}, "a") == ["1"]
    assert given({"b": None, "c": ""}, "b") == given({"c": ""}, "c") == []
    assert given({"d": False}, "d") == [False]


@pytest.mark.django_db
def test_it_narrows_what_visibility_allowed_and_matches_any_of_several_values(
    personas,
):
    slovenia = builders.published(personas, title="Judges in Ljubljana")
    roma = builders.published(personas, title="Roma housing", modality="training")
    builders.draft(personas, title="Judges in Ljubljana, a draft")
    public = Activity.objects.public()

    assert list(public.filtered({"q": "ljubljana"})) == [slovenia]
    assert list(public.filtered({"q": "ROMA housing"})) == [roma]
    assert not public.filtered({"q": "roma ljubljana"}).exists()
    assert set(public.filtered(QueryDict("country=svn&title=x"))) == {slovenia, roma}
    assert list(public.filtered(QueryDict("modality=training&modality=x"))) == [roma]


@pytest.mark.django_db
def test_words_search_wants_every_word_in_one_of_the_fields(personas):
    activity = builders.published(personas, title="Judges in Ljubljana")
    found = words_search(Activity.objects.all(), ("title",), "ljubljana  JUDGES")
    assert list(found) == [activity]
    assert not words_search(Activity.objects.all(), ("title",), "judges x").exists()
