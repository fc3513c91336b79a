"""Browser journeys of issue 17, in English and in Arabic:

* a civil society organization signs up, confirms its address, registers its
  organization, is vetted by a moderator and submits an activity;
* a State's focal point confirms the links of a new cycle's recommendations to
  those they continue, then downloads the State's report section in French.

Elements are found by their names and addresses, not their words."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from uprtc.actors.models import Organization, User
from uprtc.recommendations import continuity
from uprtc.recommendations.models import ContinuityLink
from uprtc.recommendations.tests.test_continuity import (
    STATELESS_2,
    STATELESS_3,
    TRAFFICKING_2,
    TRAFFICKING_3,
    make_rec,
)
from uprtc.tests_browser.conftest import assert_accessible, assert_lang
from uprtc.tests_browser.test_journeys import submit_activity

PASSWORD = "a-long-passphrase-for-the-journey-2026"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_cso_signs_up_registers_is_vetted_and_submits(
    open_page, personas, settings, lang
):
    p, base = personas, open_page.base_url
    settings.SITE_URL = base
    email = f"newcso-{lang}@example.org"
    mail.outbox.clear()

    page = open_page()
    assert page.goto(f"{base}/{lang}/accounts/signup/").status == 200
    assert_lang(page, lang)
    assert_accessible(page)
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/$"))
    user = User.objects.get(email=email)
    assert not user.approved_memberships().exists()  # no role at all

    (message,) = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://[^/\s]+(/\S+/confirm-email/\S+/)", message.body)[1]
    page.goto(f"{base}{link}")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/{lang}/dashboard/$"))
    assert page.locator("main a[href$='/accounts/register-organization/']").count()

    page.goto(f"{base}/{lang}/accounts/register-organization/")
    assert_accessible(page)
    name = f"Roma Rights Network {lang}"
    page.fill("#id_name", name)
    page.select_option("#id_org_type", "cso")
    page.select_option("#id_country", "SVN")
    page.fill("#id_website", "https://roma-rights.example.org")
    page.fill("#id_description", "Legal aid and monitoring for Roma communities.")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/start/$"))
    org = Organization.objects.get(name=name)
    assert not Organization.objects.public().filter(pk=org.pk).exists()
    # not vetted yet: the activity form is refused
    assert page.goto(f"{base}/{lang}/activities/new/").status == 403

    moderator = open_page(p.reviewer)
    assert moderator.goto(f"{base}/{lang}/accounts/vetting/").status == 200
    assert_lang(moderator, lang)
    assert_accessible(moderator)
    moderator.click(f"#vet-{org.pk} button[name=decision][value=approve]")
    org.refresh_from_db()
    assert user.approved_memberships().filter(organization=org).exists()

    pk = submit_activity(page, base, lang)
    assert page.url.endswith(f"/{lang}/activities/{pk}/")
    assert user.approved_memberships().get().organization == org


def _new_cycle() -> None:
    make_rec("SVN", 2, "115.17", STATELESS_2)
    make_rec("SVN", 2, "115.124", TRAFFICKING_2)
    make_rec("SVN", 3, "122.5", STATELESS_3)
    make_rec("SVN", 3, "122.78", TRAFFICKING_3)
    continuity.propose_continuity("SVN", 3, actor="import")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_focal_point_confirms_continuity_and_downloads_the_report_in_french(
    open_page, personas, lang
):
    p, base = personas, open_page.base_url
    _new_cycle()
    proposed = list(ContinuityLink.objects.filter(status="proposed"))
    assert len(proposed) == 2

    page = open_page(p.focal_point)
    assert page.goto(f"{base}/{lang}/dashboard/").status == 200
    page.locator("main a[href*='/recommendations/continuity/']").first.click()
    page.wait_for_load_state()
    assert "/recommendations/continuity/" in page.url, page.url
    if not page.url.endswith("/SVN/"):  # the index of the States one decides for
        page.locator("main a[href$='/recommendations/continuity/SVN/']").click()
        page.wait_for_url(re.compile(r".*/recommendations/continuity/SVN/$"))
    assert_lang(page, lang)
    assert_accessible(page)
    boxes = page.locator("#continuity-links input[name=link]")
    assert boxes.count() == 2
    assert not any(boxes.nth(i).is_checked() for i in range(2))  # none preselected
    page.check(f"#link-{proposed[0].pk}")
    page.click("button[name=decision][value=confirm]")
    page.check(f"#link-{proposed[1].pk}")
    page.click("button[name=decision][value=reject]")
    statuses = {x.pk: x.status for x in ContinuityLink.objects.all()}
    assert statuses == {proposed[0].pk: "confirmed", proposed[1].pk: "rejected"}

    later = proposed[0].later
    page.goto(f"{base}/{lang}/recommendations/{later.pk}/")
    assert page.locator("#lineage").count() == 1
    assert proposed[0].earlier.paragraph in page.locator("#lineage").inner_text()

    page.goto(f"{base}/{lang}/reports/state/SVN/?cycle=3&lang=fr")
    assert_accessible(page)
    href = page.locator("main a[href*='file.docx']").get_attribute("href")
    assert "lang=fr" in href
    with page.expect_download() as download:
        page.click("main a[href*='file.docx']")
    saved = download.value.path()
    from docx import Document

    text = "\n".join(x.text for x in Document(saved).paragraphs)
    assert "Conseil des droits de l" in text or "coopération technique" in text
