from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import translation

REPO = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def reset_locale():
    """Each test starts in English, whatever the previous one activated."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached values never carry from test to test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def tasks_in_the_request(settings):
    """Inline tasks run in the request, never in a thread of their own: test
    databases refuse other threads (the one test of threads asks for them)."""
    settings.TASKS_INLINE_THREADED = []


@pytest.fixture(autouse=True)
def fresh_vector_memory():
    """Each process keeps vectors in memory and notices a change by row ids;
    a rolled-back test may leave the same ids with other content."""
    from uprtc.embeddings import store
    from uprtc.search import memindex

    memindex.reset()
    store.reset()
    yield


def _shared_data() -> Path | None:
    candidates = [
        os.environ.get("UPRTC_SHARED_DATA", ""),
        REPO.parent / "shared" / "data",
        "/work/shared/data",
    ]
    for candidate in candidates:
        if candidate and Path(candidate, "upr-info-terman").is_dir():
            return Path(candidate)
    return None


@pytest.fixture
def shared_data() -> Path:
    """The real data sets that may not be shipped (UPR Info has no licence)."""
    path = _shared_data()
    if path is None:
        pytest.skip("set UPRTC_SHARED_DATA to the folder holding upr-info-terman/")
    return path


@pytest.fixture
def personas(db):
    from uprtc.core.testing import Personas, ensure_reference_data

    ensure_reference_data()
    return Personas()


@pytest.fixture
def call(client):
    """``call(method, path, user=None, json=None)``: an API request, with a
    fresh bearer token of ``user`` when one is given."""
    from uprtc.actors.services import issue_api_token

    def call(method, path, user=None, json=None):
        headers = {}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_token(user)}"
        if json is not None:
            return getattr(client, method)(
                path, json, content_type="application/json", **headers
            )
        return getattr(client, method)(path, **headers)

    return call


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch):
    """``client.force_login`` signs in as if the second factor had been passed
    (focal points and moderators need one, see ``uprtc.actors.mfa``). Tests of
    the rule itself sign in through the real pages or with
    ``uprtc.core.testing.login(client, user, second_factor=False)``."""
    from django.test.client import Client

    def force_login(self, user, backend=None):
        from uprtc.core.testing import login

        return login(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
