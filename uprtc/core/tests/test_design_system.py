"""The design system (docs/design.md): the SDG badge tag, colours that pass
WCAG AA, a stylesheet written in logical properties only, the shared layout's
head, and the design page kept to moderators (or DEBUG)."""

import re
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from uprtc.taxonomies import sdg_colours
from uprtc.taxonomies.models import SdgGoal
from uprtc.taxonomies.sdg_colours import contrast

STATIC = Path(__file__).resolve().parents[2] / "static" / "core"
CSS = (STATIC / "site.css").read_text()


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def tokens() -> dict[str, str]:
    root = re.search(r":root\{(.*?)\n\}", CSS, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):(#[0-9a-f]{3,6})", root))


def hex6(colour: str) -> str:
    if len(colour) == 4:  # #abc
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return colour


# ---- the SDG badge ----


@pytest.mark.django_db
def test_an_sdg_badge_shows_number_and_short_name_in_the_readers_language():
    goal = SdgGoal.objects.get(number=5)
    html = render("{% sdg_badge goal %}", goal=goal)
    assert 'class="badge-sdg sdg-5"' in html
    assert '<span class="sdg-num">5</span> Gender equality' in html
    assert 'title="Goal 5: ' in html
    with translation.override("fr"):
        french = render("{% sdg_badge goal %}", goal=goal)
    assert goal.short_fr and goal.short_fr in french


@pytest.mark.django_db
def test_an_sdg_badge_takes_a_bare_number_too():
    html = render("{% sdg_badge 16 %}")
    assert 'class="badge-sdg sdg-16"' in html and "Peace" in html
    # a number we don't know still renders, with a generic label
    assert "SDG 99" in render("{% sdg_badge 99 %}")
    assert render("{% sdg_badge None %}") == render('{% sdg_badge "x" %}') == ""


@pytest.mark.django_db
def test_an_sdg_badge_escapes_the_goals_names():
    goal = SdgGoal(number=3, short_en="<b>x</b>", title_en='say "hi"')
    html = render("{% sdg_badge goal %}", goal=goal)
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "&quot;hi&quot;" in html


# ---- colours ----


def test_every_sdg_badge_reads_at_wcag_aa_in_the_stylesheet():
    rules = dict(
        (int(n), (bg, fg))
        for n, bg, fg in re.findall(
            r"\.sdg-(\d+)\{background:(#[0-9a-f]{6});color:(#[0-9a-f]{3,6})\}", CSS
        )
    )
    assert sorted(rules) == list(range(1, 18))
    for number, (background, text) in rules.items():
        # the official colour, unchanged
        assert background == sdg_colours.COLOURS[number]
        ratio = contrast(background, hex6(text))
        assert ratio >= 4.5, f"SDG {number}: {ratio:.2f}"


def test_the_sdg_table_of_the_docs_picks_the_better_text_colour():
    for row in sdg_colours.table():
        assert row["ratio"] >= 4.5
        assert row["text"] == sdg_colours.text_colour(row["background"])


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "grey-0"),
        ("muted", "grey-0"),
        ("muted", "grey-50"),
        ("link", "grey-0"),
        ("link", "blue-50"),
        ("ok", "ok-bg"),
        ("warn", "warn-bg"),
        ("bad", "bad-bg"),
        ("blue-700", "blue-50"),
        ("blue-800", "grey-0"),
        ("grey-700", "grey-100"),
    ],
)
def test_text_tokens_read_at_wcag_aa_on_their_backgrounds(text, background):
    found = tokens()
    alias = {"ink": "grey-900", "muted": "grey-600", "link": "blue-700"}
    ratio = contrast(hex6(found[alias.get(text, text)]), hex6(found[background]))
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


def test_white_text_on_the_dark_bars_and_buttons_reads_at_aa():
    found = tokens()
    for background in ("blue-700", "blue-800", "blue-900", "bad"):
        assert contrast("#ffffff", found[background]) >= 4.5, background


# ---- the stylesheet ----

PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin-(?:left|right)|padding-(?:left|right)|border-(?:left|right)"
    r"|left|right)\s*:"
    r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)"
)


@pytest.mark.parametrize("name", ["site.css", "design.css"])
def test_stylesheets_use_logical_properties_only(name):
    """So that Arabic mirrors by itself."""
    found = PHYSICAL.findall((STATIC / name).read_text())
    assert not found


def test_the_stylesheet_has_every_component_of_the_vocabulary():
    vocabulary = [
        "page-head",
        "section",
        "muted",
        "lead",
        "num",
        "visually-hidden",
        "grid",
        "grid-2",
        "grid-3",
        "layout-sidebar",
        "sidebar",
        "content",
        "breadcrumbs",
        "card",
        "card-title",
        "card-meta",
        "card-body",
        "card-foot",
        "card-list",
        "badge",
        "badge-ok",
        "badge-warn",
        "badge-bad",
        "badge-info",
        "badge-sdg",
        "sdg-num",
        "tag",
        "tags",
        "chips",
        "chip",
        "chip-remove",
        "chip-clear",
        "figures",
        "figure",
        "empty",
        "alert",
        "alert-info",
        "alert-success",
        "alert-warning",
        "alert-error",
        "btn",
        "btn-primary",
        "btn-secondary",
        "btn-small",
        "summary-box",
        "facts",
        "table-wrap",
        "data",
        "meter",
        "meter-track",
        "meter-fill",
        "facet",
        "facet-options",
        "facet-more",
        "count",
        "timeline",
        "timeline-when",
        "timeline-what",
        "steps",
        "chart-figure",
        "chart",
        "chart-data",
        "chart-downloads",
        "chart-bar",
        "chart-bar-2",
        "chart-axis",
        "chart-grid",
        "chart-label",
        "chart-value",
        "map",
        "map-country",
        "map-none",
        "map-legend",
        "errorlist",
        "field-error",
        "error-summary",
        "pages",
        "skip",
        "menu",
    ]
    vocabulary += [f"map-bin-{n}" for n in range(6)]
    missing = [c for c in vocabulary if not re.search(rf"\.{c}(?![\w-])", CSS)]
    assert not missing


def test_motion_print_and_rtl_meters_are_taken_care_of():
    assert "@media (prefers-reduced-motion:reduce)" in CSS
    assert "@media print" in CSS
    assert "[dir=rtl] svg.meter{transform:scaleX(-1)}" in CSS
    assert ":focus-visible" in CSS


def test_fonts_are_shipped_and_split_by_script():
    fonts = (STATIC / "fonts.css").read_text()
    chinese = (STATIC / "fonts-zh.css").read_text()
    for family in ("Noto Sans", "Noto Naskh Arabic"):
        assert f"font-family:'{family}'" in fonts
    assert "font-family:'Noto Sans SC'" in chinese
    for css in (fonts, chinese):
        assert "//" not in css.replace("/*", "").replace("*/", "")  # no CDN
        assert css.count("@font-face") == css.count("unicode-range:")
        assert css.count("@font-face") == css.count("font-display:swap")
        for name in re.findall(r"url\(\.\./fonts/([\w-]+\.woff2)\)", css):
            assert (STATIC.parent / "fonts" / name).is_file(), name
    assert (STATIC.parent / "fonts" / "LICENSE-noto-sans.txt").is_file()


# ---- the shared layout ----


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_every_page_has_a_favicon_language_direction_and_title(client, lang, direction):
    page = client.get(f"/{lang}/activities/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert 'rel="icon"' in page and "core/icon.svg" in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.split("·")[0].strip()
    assert "core/fonts.css" in page and "fonts-zh.css" not in page


@pytest.mark.django_db
def test_chinese_pages_link_the_chinese_fonts(client):
    page = client.get("/zh-hans/activities/").content.decode()
    assert "core/fonts-zh.css" in page


@pytest.mark.django_db
def test_the_current_section_is_marked_in_the_main_navigation(client):
    page = client.get("/en/activities/").content.decode()
    nav = page[page.index('class="primary-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.search(r'href="/en/activities/" aria-current="page"', nav)
    assert nav.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_the_persona_menu_carries_the_desk_and_sign_out(client, personas):
    client.force_login(personas.reviewer)
    page = client.get("/en/").content.decode()
    menu = page[page.index('<details class="menu">') :]
    menu = menu[: menu.index("</details>")]
    for expected in ("/en/dashboard/", "/en/accounts/logout/", "/en/reports/"):
        assert expected in menu
    client.force_login(personas.submitter)
    page = client.get("/en/").content.decode()
    assert "/en/dashboard/" in page and "/en/reports/" not in page


@pytest.mark.django_db
def test_anonymous_readers_are_offered_to_sign_in(client):
    page = client.get("/en/").content.decode()
    assert '<details class="menu">' not in page
    assert 'href="/en/accounts/login/"' in page


def test_page_numbers_elide_the_middle_of_long_lists():
    page = Paginator(range(200), 10).page(10)
    numbers = render("{% page_numbers page as n %}{{ n }}", page=page)
    assert numbers == "[1, None, 8, 9, 10, 11, 12, None, 20]"


# ---- the design page ----


@pytest.mark.django_db
def test_the_design_page_is_for_moderators(client, personas, settings):
    settings.DEBUG = False
    assert client.get("/en/design/").status_code == 404
    client.force_login(personas.submitter)
    assert client.get("/en/design/").status_code == 404
    client.force_login(personas.reviewer)
    response = client.get("/en/design/")
    assert response.status_code == 200
    page = response.content.decode()
    # every specimen drawn and its markup shown
    assert page.count('class="specimen"') == page.count('class="specimen-source"')
    assert "badge-sdg sdg-17" in page and "&lt;nav class=&quot;breadcrumbs" in page


@pytest.mark.django_db
def test_the_design_page_is_open_to_everyone_in_development(client, settings):
    settings.DEBUG = True
    assert client.get("/en/design/").status_code == 200
