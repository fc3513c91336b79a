"""Browser tests: Playwright driving Debian's Chromium against Django's live
server. One browser for the whole session, one context (cookies, language,
JavaScript on or off) per page a test asks for.

Sign-in goes through ONE helper, ``sign_in``: it makes a session with the test
client and hands its cookie to the browser, so the journeys never depend on
how the login form looks (the authentication stack may change under them)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from uprtc.core.testing import ensure_reference_data

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# WCAG 2.1 A and AA, the level the UN's web accessibility guidance asks for
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser(live_server) -> Iterator:
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls
    # the tests make between browser steps are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    """The live server (closed after the browser, so no connection is left
    open) over a test database with its reference data."""
    from uprtc.search import memindex

    ensure_reference_data()
    settings.MEDIA_ROOT = tmp_path / "media"
    memindex.reset()
    yield live_server
    memindex.reset()


def sign_in(context, user, base_url: str) -> None:
    """Give the browser context a signed-in session of ``user``.

    The one place that knows how a browser signs in: adapt it, and only it,
    when authentication changes (e.g. a second factor)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture
def open_page(browser, site) -> Iterator[Callable]:
    """``open_page(user=None, js=True)``: a new page in a fresh context,
    signed in as ``user`` when given."""
    contexts = []

    def open_page(user=None, js: bool = True):
        context = browser.new_context(java_script_enabled=js, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        if user is not None:
            sign_in(context, user, site.url)
        return context.new_page()

    open_page.base_url = site.url
    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations on the page."""
    # evaluated through the DevTools protocol, which the page's CSP (no inline
    # script) does not govern; a <script> tag would be refused, rightly
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def assert_lang(page, lang: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
