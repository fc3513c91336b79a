"""Browser journey, in English and in Arabic: a State's focal point switches
consent requests to a daily digest from the desk, gets no e-mail when one
arrives, receives it in the digest, and stops it from the digest's link.
Elements are found by their names and addresses, not their words."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from uprtc.activities.tests import builders
from uprtc.notifications.services import preferences_of, send_digests
from uprtc.tests_browser.conftest import assert_accessible, assert_lang


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_focal_point_switches_to_a_daily_digest_and_receives_one(
    open_page, personas, settings, lang
):
    p, base = personas, open_page.base_url
    settings.SITE_URL = base  # the links in the e-mails lead to this server
    p.focal_point.preferred_language = lang
    p.focal_point.save()

    page = open_page(p.focal_point)
    assert page.goto(f"{base}/{lang}/dashboard/").status == 200
    page.locator("main a[href$='/notifications/preferences/']").click()
    page.wait_for_url(f"{base}/{lang}/notifications/preferences/")
    assert_lang(page, lang)
    assert_accessible(page)
    assert page.is_checked("#kind-consent-requested-immediate")
    page.check("#kind-consent-requested-daily")
    page.click("main form button[type=submit]")
    assert page.locator("ul.messages").count() == 1
    assert page.is_checked("#kind-consent-requested-daily")  # saved, shown again
    assert preferences_of(p.focal_point)["consent-requested"] == "daily"

    mail.outbox.clear()
    builders.approved(personas, title="Training of prison guards")
    assert not [m for m in mail.outbox if p.focal_point.email in m.to]

    send_digests()  # what beat runs once a day
    (digest,) = [m for m in mail.outbox if p.focal_point.email in m.to]
    assert "Training of prison guards" in digest.body
    assert f"/{lang}/dashboard/" in digest.body

    leave = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", digest.body)[0]
    reader = open_page()  # the link opens without a sign-in
    assert reader.goto(leave).status == 200
    assert_lang(reader, lang)
    assert_accessible(reader)
    assert preferences_of(p.focal_point)["consent-requested"] == "daily"
    reader.click("main form button[type=submit]")
    assert_lang(reader, lang)
    assert preferences_of(p.focal_point)["consent-requested"] == "off"
