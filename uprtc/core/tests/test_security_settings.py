"""Headers on every kind of response, `check --deploy` clean in production,
no secret with a default outside DEBUG."""

import os
import subprocess
import sys

import pytest

from uprtc.core.testing import login

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "uprtc.example.org",
    "DATABASE_URL": "postgres://uprtc@127.0.0.1:5432/uprtc",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.org",  # else uprtc.W002: mail would not be sent
}
SECRETS = ("SECRET_KEY", "EMAIL_HOST_PASSWORD", "EMAIL_HOST")


def run_uprtc(args, env, code="") -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in SECRETS and not k.endswith("_FILE")
    }
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", *args]
    return subprocess.run(
        command, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_silent_with_a_production_environment():
    done = run_uprtc(
        ["django", "check", "--deploy", "--settings=uprtc.settings"], PRODUCTION
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    done = run_uprtc(["django", "check", "--settings=uprtc.settings"], env)
    assert done.returncode != 0
    assert "SECRET_KEY is required" in done.stderr


def test_no_secret_has_a_default_in_production(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file-" + "y" * 40 + "\n")
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='uprtc.settings';"
        "from django.conf import settings as s;"
        "print(repr((s.SECRET_KEY, s.EMAIL_HOST_PASSWORD, s.DEBUG,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)))"
    )
    done = run_uprtc([], {"DEBUG": "0", "SECRET_KEY_FILE": str(key_file)}, code)
    assert done.returncode == 0, done.stderr
    secret, mail_password, debug, session_secure, csrf_secure, hsts = eval(
        done.stdout.strip()
    )
    assert secret == "from-a-file-" + "y" * 40  # NAME_FILE wins, stripped
    assert mail_password == "" and debug is False
    assert session_secure and csrf_secure and hsts >= 31536000


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    return csp


def test_a_page_allows_no_inline_script_or_style(client):
    csp = assert_security_headers(client.get("/en/"))
    assert "script-src 'self';" in csp + ";" and "unsafe" not in csp


def test_an_api_response_carries_the_headers(client):
    response = client.get("/api/v1/activities")
    assert response.status_code == 200
    assert "unsafe" not in assert_security_headers(response)


def test_the_api_docs_page_gets_only_style_allowances(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = assert_security_headers(response)
    assert "script-src 'self';" in csp + ";"
    assert "style-src 'self' 'unsafe-inline'" in csp
    html = response.content.decode()
    assert "swagger-ui-init.js" in html
    # its only inline <script> is a JSON block, which CSP does not execute
    assert html.count("<script") == 3 and 'type="application/json"' in html


@pytest.mark.parametrize("name", ["submitter", "focal_point", "reviewer"])
def test_signed_in_pages_carry_the_headers(client, personas, name):
    login(client, getattr(personas, name))
    assert_security_headers(client.get("/en/dashboard/"))
