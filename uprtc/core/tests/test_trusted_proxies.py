"""One variable, ``TRUSTED_PROXY_COUNT``, tells both the API throttles
(django-ninja's ``NINJA_NUM_PROXIES``) and allauth's sign-in limits
(``ALLAUTH_TRUSTED_PROXY_COUNT``) how many proxies append to
``X-Forwarded-For``, so that both count the same client address. The settings
are read at start-up, so each case starts a fresh interpreter."""

import json
import os
import subprocess
import sys

import pytest

NAMES = ("TRUSTED_PROXY_COUNT", "NUM_PROXIES")

# The address each library takes for a request that went through two proxies:
# the client said it was 6.6.6.6 (forged), proxy A saw 1.1.1.1, proxy B 2.2.2.2.
CODE = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "uprtc.settings"
import django
django.setup()
from django.conf import settings
from django.test import RequestFactory
from allauth.core.internal.httpkit import get_client_ip
from uprtc.api.throttles import AddressThrottle

request = RequestFactory().get(
    "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.1.1.1, 2.2.2.2"
)
print(json.dumps({
    "ninja": settings.NINJA_NUM_PROXIES,
    "allauth": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "ninja_address": AddressThrottle().get_ident(request),
    "allauth_address": get_client_ip(request),
}))
"""


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in NAMES}
    return subprocess.run(
        [sys.executable, "-c", CODE],
        env=clean | {"DEBUG": "1"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def read(**env: str) -> dict:
    done = start(**env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "env, count, address",
    [
        ({}, 0, "10.0.0.2"),  # no proxy trusted: the connection's address
        ({"TRUSTED_PROXY_COUNT": "1"}, 1, "2.2.2.2"),
        ({"TRUSTED_PROXY_COUNT": "2"}, 2, "1.1.1.1"),
        ({"NUM_PROXIES": "1"}, 1, "2.2.2.2"),  # the former name still works
        ({"TRUSTED_PROXY_COUNT": "2", "NUM_PROXIES": "1"}, 2, "1.1.1.1"),
    ],
)
def test_throttles_and_sign_in_limits_follow_one_variable(env, count, address):
    got = read(**env)
    assert got == {
        "ninja": count,
        "allauth": count,
        "ninja_address": address,
        "allauth_address": address,
    }


def test_a_negative_count_refuses_to_start():
    done = start(TRUSTED_PROXY_COUNT="-1")
    assert done.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in done.stderr
