"""The public list and search pages with random query strings: never a
server error, whatever the parameters (robots send anything)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uprtc.core.tests.fuzz import JUNK, few

pytestmark = pytest.mark.django_db

PAGES = {
    "/en/search/": [
        "q",
        "page",
        "sort",
        "type",
        "country",
        "theme",
        "sdg",
        "cycle",
        "status",
        "region",
        "group",
    ],
    "/en/activities/": [
        "q",
        "page",
        "country",
        "theme",
        "modality",
        "cooperation_type",
        "funding_source",
        "good_practice",
    ],
    "/en/recommendations/": [
        "q",
        "page",
        "country",
        "theme",
        "response",
        "cycle",
        "sort",
    ],
    "/en/matching/": ["page"],
    "/ar/coverage/": ["theme", "cycle", "group"],
}


@few(20)
@given(
    path=st.sampled_from(sorted(PAGES)),
    data=st.data(),
)
def test_list_and_search_pages_never_fail(client, path, data):
    names = data.draw(st.lists(st.sampled_from(PAGES[path]), max_size=5))
    query = [(name, data.draw(JUNK)) for name in names]
    response = client.get(f"{path}?{urlencode(query)}")
    assert response.status_code in (200, 400), query
    if response.status_code == 400:
        # in the page's language: it names the parameter holding the NUL
        held = [name for name, value in query if "\x00" in name + value]
        assert any(name.encode() in response.content for name in held), query
