"""The public face in a real browser (issue 14): the map is a set of links,
every chart carries its numbers, Arabic mirrors the layout, and a 360-pixel
phone never scrolls sideways."""

from __future__ import annotations

import pytest

from uprtc.tests_browser import world as worlds

PHONE = {"width": 360, "height": 740}


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not visible on {page.url}"
    return found


def test_every_country_on_the_home_map_is_a_link_with_a_title(open_page):
    worlds.build()
    page = open_page(js=False)
    page.goto(f"{open_page.base_url}/en/")
    countries = page.locator("svg.map a.map-country")
    assert countries.count() >= 150
    untitled = page.evaluate(
        """() => [...document.querySelectorAll('svg.map a.map-country')]
            .filter(a => !a.getAttribute('xlink:href')
                || !(a.querySelector('title')?.textContent || '').trim())
            .length"""
    )
    assert untitled == 0
    # land not linked is only land that is not a State of ours
    stray = page.locator("svg.map path:not(.map-none)").count() - countries.count()
    assert stray <= 0
    slovenia = page.locator("svg.map a.map-country").filter(
        has=page.locator("title", has_text="Slovenia")
    )
    assert "Slovenia" in slovenia.locator("title").text_content()
    slovenia.click()
    assert page.url.endswith("/en/countries/SVN/")


def test_every_chart_on_the_statistics_page_has_its_table(open_page):
    worlds.build()
    page = open_page(js=False)
    page.goto(f"{open_page.base_url}/en/statistics/")
    charts = page.locator("svg.chart")
    assert charts.count() >= 6
    missing = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')]
            .filter(svg => !svg.closest('figure')?.querySelector('details table'))
            .length"""
    )
    assert missing == 0
    # the table opens without JavaScript, a plain <details>
    first = page.locator("figure details").first
    first.locator("summary").click()
    assert first.locator("table").is_visible()


@pytest.mark.parametrize(
    ("path", "start", "end"),
    [
        ("", "header .brand", "header .langs"),
        ("search/?q=torture", "aside.sidebar", ".content"),
    ],
)
def test_arabic_mirrors_the_layout(open_page, path, start, end):
    worlds.build()
    for lang, rtl in (("en", False), ("ar", True)):
        page = open_page(js=False)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{open_page.base_url}/{lang}/{path}")
        first, second = box(page, start), box(page, end)
        if rtl:
            assert first["x"] > second["x"], f"/{lang}/{path}: {start} not on the right"
        else:
            assert first["x"] < second["x"], f"/{lang}/{path}: {start} not on the left"


def test_no_page_scrolls_sideways_on_a_phone(open_page):
    w = worlds.build()
    paths = [
        "",
        "search/?q=torture",
        "activities/",
        f"activities/{w.activity.pk}/",
        "countries/SVN/",
        "statistics/",
        "recommendations/",
        "matching/",
    ]
    wide = {}
    for lang in ("en", "ar"):
        page = open_page(js=False)
        page.set_viewport_size(PHONE)
        for path in paths:
            page.goto(f"{open_page.base_url}/{lang}/{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[f"/{lang}/{path}"] = width
    assert not wide, f"wider than {PHONE['width']} px: {wide}"


def test_the_desk_is_under_the_persona_menu_with_its_count(open_page):
    w = worlds.build()
    page = open_page(w.p.reviewer, js=False)
    page.goto(f"{open_page.base_url}/en/")
    menu = page.locator("header details.menu")
    menu.locator("summary").click()
    desk = menu.locator("a[href$='/dashboard/']")
    assert desk.is_visible()
    desk.click()
    assert page.url.endswith("/en/dashboard/")
