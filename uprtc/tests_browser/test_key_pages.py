"""Every key page, in English and in Arabic: no serious or critical axe-core
violation (WCAG 2.1 A/AA), and under 100 KB transferred, fonts aside. One
visit per page checks both, which keeps the browser suite quick."""

from __future__ import annotations

import pytest

from uprtc.tests_browser import world as worlds
from uprtc.tests_browser.conftest import assert_lang, axe_violations, describe

LANGS = ["en", "ar"]
BUDGET = 100 * 1024


def key_pages(w: worlds.World) -> list[tuple[str, str]]:
    """(who, path without the language prefix): who is the persona whose
    session opens the page ("" = the public)."""
    return [
        ("", ""),
        ("", "activities/"),
        ("", f"activities/{w.activity.pk}/"),
        ("", "search/?q=torture"),
        ("", "countries/SVN/"),
        ("", "coverage/"),
        ("", "coverage/SVN/"),
        ("", "statistics/"),
        ("", "recommendations/"),
        ("", f"recommendations/{w.recommendation.pk}/"),
        ("", "matching/"),
        ("", "open-data/"),
        ("", "accounts/login/"),
        ("focal_point", f"matching/requests/{w.request.pk}/"),
        ("focal_point", "matching/requests/new/"),
        ("submitter", "activities/new/"),
        ("submitter", "dashboard/"),
        ("reviewer", "reports/"),
        ("reviewer", "dashboard/"),
        ("focal_point", "dashboard/"),
        ("focal_point", "countries/SVN/"),
    ]


def transferred(page) -> list:
    """The requests the page makes, to be summed once it has loaded."""
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    return finished


def weight(finished: list) -> int:
    """Bytes received (headers and encoded bodies), fonts aside."""
    total = 0
    for request in finished:
        if request.resource_type != "font":
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


@pytest.mark.parametrize("lang", LANGS)
def test_key_pages_are_accessible_and_under_100_kb(open_page, lang):
    w = worlds.build()
    pages, barriers, heavy = {}, {}, {}
    for who, path in key_pages(w):
        if who not in pages:
            page = open_page(getattr(w.p, who) if who else None)
            pages[who] = page, transferred(page)
        page, finished = pages[who]
        finished.clear()
        response = page.goto(f"{open_page.base_url}/{lang}/{path}")
        if path == "open-data/" and response.status == 404:
            continue  # the open data page comes with its own branch
        assert response.status == 200, f"{path}: {response.status}"
        assert_lang(page, lang)
        if (size := weight(finished)) > BUDGET:
            heavy[path] = size
        if violations := axe_violations(page):
            barriers[path] = describe(violations)
    assert not barriers, "\n\n".join(f"/{lang}/{k}\n{v}" for k, v in barriers.items())
    assert not heavy, f"over {BUDGET} bytes: {heavy}"
