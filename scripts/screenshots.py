"""`make screenshots`: the product's key pages, in English and Arabic, as PNG
files in docs/screenshots/ (shown in the README).

By default it builds a fresh demo in a temporary folder, serves it on a free
port, photographs it and stops, so the pictures show what a fresh clone
shows. ``--base URL --var DIR`` photographs a server already running on the
demo in DIR instead (quicker while working on a page).

Signed-in pages (the desk) get a session made the way the browser tests make
one (``uprtc.core.testing.login``), handed to the browser as a cookie."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
UPRTC = str(ROOT / ".venv" / "bin" / "uprtc")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MODERATOR = "moderator@demo.uprtc.org"
HEIGHT = 1800  # pixels of each page kept
LANGS = ("en", "ar")


def pages(activity_id: int) -> list[tuple[str, str, str | None]]:
    """(file name, path after the language, signed-in user or None)."""
    return [
        ("home", "", None),
        ("search", "search/?q=torture", None),
        ("activity", f"activities/{activity_id}/", None),
        ("country", "countries/SVN/", None),
        ("statistics", "statistics/", None),
        ("desk", "dashboard/", MODERATOR),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own localhost)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def demo_server(var: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "UPRTC_VAR_DIR": str(var), "DEBUG": "1"}
    for step in (["migrate", "--no-input", "-v", "0"], ["load-demo"]):
        subprocess.run([UPRTC, *step], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [UPRTC, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/healthz")
    return server, base


def session_cookie(email: str) -> tuple[str, str]:
    from django.conf import settings
    from django.test import Client

    from uprtc.actors.models import User
    from uprtc.core.testing import login

    client = login(Client(), User.objects.get(email=email))
    name = settings.SESSION_COOKIE_NAME
    return name, client.cookies[name].value


def first_public_activity() -> int:
    from uprtc.activities.models import Activity

    activity = (
        Activity.objects.public()
        .filter(consents__country__iso3="SVN")
        .order_by("-published_at")
        .first()
    ) or Activity.objects.public().order_by("-published_at").first()
    if activity is None:
        raise SystemExit("the demo has no published activity")
    return activity.pk


def photograph(base: str, width: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    # the database is read before the browser starts: Playwright's sync API
    # runs an event loop, inside which Django refuses ORM calls
    todo = pages(first_public_activity())
    cookies = {user: session_cookie(user) for _n, _p, user in todo if user}
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, user in todo:
            for lang in LANGS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                if user:
                    key, value = cookies[user]
                    context.add_cookies([{"name": key, "value": value, "url": base}])
                page = context.new_page()
                response = page.goto(f"{base}/{lang}/{path}", wait_until="networkidle")
                if response is None or response.status != 200:
                    status = response.status if response else "no answer"
                    raise SystemExit(f"/{lang}/{path}: {status}")
                target = OUT / f"{name}-{lang}.png"
                # the top of the page, as a reader first sees it scrolled a
                # little (whole pages would weigh megabytes in the repository)
                tall = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(tall, HEIGHT)}
                page.screenshot(path=str(target), full_page=True, clip=clip)
                written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a running server (with --var)")
    parser.add_argument("--var", help="the UPRTC_VAR_DIR of that server's demo")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    if bool(args.base) != bool(args.var):
        parser.error("--base and --var go together")
    server = None
    with tempfile.TemporaryDirectory(prefix="uprtc-shots-") as tmp:
        var = Path(args.var or tmp)
        if args.base:
            base = args.base.rstrip("/")
        else:
            server, base = demo_server(var)
        os.environ.update(
            UPRTC_VAR_DIR=str(var), DEBUG="1", DJANGO_SETTINGS_MODULE="uprtc.settings"
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        try:
            for path in photograph(base, args.width):
                print(path.relative_to(ROOT))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    main()
