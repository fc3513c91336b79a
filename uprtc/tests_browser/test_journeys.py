"""Three journeys through the web pages, each in English and in Arabic:

(a) a civil-society contributor submits an activity, a moderator approves it,
    the State's focal point consents, the public finds it by searching in
    another language; the focal point withdraws consent and it is gone;
(b) a State's focal point posts a request, reads why offers match and
    accepts one;
(c) a moderator builds the annual report and downloads it.

Every step goes through the forms a person would use; services only prepare
what another party did beforehand. Elements are found by their names, not by
their words, so the same journey runs in both languages."""

from __future__ import annotations

import re

import pytest

from uprtc.activities.models import Activity
from uprtc.matching.models import Match, MatchStatus
from uprtc.matching.services import respond_to_match
from uprtc.tests_browser import world as worlds
from uprtc.tests_browser.conftest import assert_accessible, assert_lang

LANGS = ["en", "ar"]
TITLE = "Training of prison guards on the prevention of torture"
DESCRIPTION = (
    "A series of workshops for prison staff on the prevention of torture and "
    "ill-treatment in places of detention, with a handbook on the rights of "
    "detainees."
)
# Searched by the public in other languages than the English of the record
QUERIES = {
    "en": "formation des gardiens de prison",
    "ar": "capacitación de guardias penitenciarios",
}


def go(page, url: str, lang: str):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    assert_lang(page, lang)
    return response


def message(page) -> str:
    return page.locator("ul.messages").inner_text()


def submit_activity(page, base: str, lang: str) -> int:
    go(page, f"{base}/{lang}/activities/new/", lang)
    assert_accessible(page)
    page.fill("#id_title", TITLE)
    page.fill("#id_description", DESCRIPTION)
    page.select_option("#id_language", "en")
    worlds.pick(page, "concerned_states", "SVN")
    page.click("button[name=submit]")
    match = re.search(r"/activities/(\d+)/$", page.url)
    assert match, f"not on the activity page: {page.url}"
    return int(match.group(1))


def decide(page, kind: str, decision: str) -> None:
    form = page.locator(f"form[action$='/{kind}/']")
    form.locator("select[name=decision]").select_option(decision)
    form.locator("button[type=submit]").click()


def search_hrefs(page, base: str, lang: str, query: str) -> list[str]:
    go(page, f"{base}/{lang}/search/", lang)
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q="))
    return page.locator(".card-list .card-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_an_activity_goes_from_submission_to_public_search_and_back_out(
    open_page, personas, lang
):
    p, base = personas, open_page.base_url
    worlds.publish(p, "Water supply in rural schools", "Wells and pumps for schools.")

    contributor = open_page(p.submitter)
    pk = submit_activity(contributor, base, lang)
    assert Activity.objects.get(pk=pk).review == "submitted"
    detail = f"{base}/{lang}/activities/{pk}/"

    moderator = open_page(p.reviewer)
    go(moderator, detail, lang)
    assert_accessible(moderator)
    decide(moderator, "review", "approve")
    assert Activity.objects.get(pk=pk).review == "approved"
    assert not Activity.objects.public().filter(pk=pk).exists()  # no consent yet

    state = open_page(p.focal_point)
    go(state, detail, lang)
    assert_accessible(state)
    decide(state, "consent", "grant")
    assert_lang(state, lang)
    assert Activity.objects.public().filter(pk=pk).exists()

    public = open_page()
    go(public, detail, lang)
    found = search_hrefs(public, base, lang, QUERIES[lang])
    assert found[0] == f"/{lang}/activities/{pk}/", found  # first, above the water
    assert not any("Water" in h for h in found)

    go(state, detail, lang)
    decide(state, "consent", "withdraw")
    assert "withdrawn" in Activity.objects.get(pk=pk).consents.get().status

    assert public.goto(detail).status == 404
    found = search_hrefs(public, base, lang, QUERIES[lang])
    assert f"/{lang}/activities/{pk}/" not in found


@pytest.mark.parametrize("lang", LANGS)
def test_a_state_posts_a_request_sees_why_an_offer_fits_and_accepts_it(
    open_page, personas, lang
):
    p, base = personas, open_page.base_url
    offer = worlds.offer(p, "Training of judges and prosecutors on torture prevention")

    state = open_page(p.focal_point)
    go(state, f"{base}/{lang}/matching/requests/new/", lang)
    state.fill("#id_need", "Training for our judges on preventing torture")
    state.select_option("#id_language", "en")
    state.check("input[name=languages][value=en]")
    state.select_option("#id_visibility", "public")
    state.select_option("#id_budget_situation", "unfunded")  # never preselected
    state.locator("form.stacked button:not([name])").click()
    found = re.search(r"/matching/requests/(\d+)/$", state.url)
    assert found, f"not on the request page: {state.url}"
    assert_lang(state, lang)

    match = Match.objects.get(request_id=int(found.group(1)), offer=offer)
    item = state.locator(
        "article.match", has=state.locator(f"a[href$='/matching/offers/{offer.pk}/']")
    )
    # "why this match", shown with the match: the parts of the score
    assert item.locator(".card-body li").count() >= 2
    assert item.locator("button[value=accept]").count() == 0  # not before the provider

    respond_to_match(p.submitter, match, "interested")  # the provider, elsewhere
    go(state, state.url, lang)
    assert_accessible(state)
    item.locator("button[value=accept]").click()
    assert_lang(state, lang)
    match.refresh_from_db()
    assert match.status == MatchStatus.ACCEPTED
    assert match.activity is not None  # a draft activity for the provider


@pytest.mark.parametrize("lang", LANGS)
def test_a_moderator_builds_the_annual_report_and_downloads_it(
    open_page, personas, lang
):
    p, base = personas, open_page.base_url
    worlds.publish(p, "Training of judges", "Workshops for judges on torture.")

    moderator = open_page(p.reviewer)
    go(moderator, f"{base}/{lang}/reports/", lang)
    moderator.fill("#id_session", "61")
    moderator.fill("#id_start", "2020-01-01")
    moderator.fill("#id_end", "2035-12-31")
    moderator.select_option("#id_language", lang)
    moderator.locator("form.filters button[type=submit]").click()
    assert re.search(r"/reports/\d+/$", moderator.url), moderator.url
    assert_lang(moderator, lang)
    assert_accessible(moderator)

    links = moderator.locator("a[href*='/file.']")
    assert links.count() == 3  # html, docx, pdf
    with moderator.expect_download() as download_info:
        moderator.locator("a[href*='/file.pdf']").click()
    download = download_info.value
    assert (
        download.suggested_filename == f"A-HRC-61-repository-annual-update-{lang}.pdf"
    )
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
