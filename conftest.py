from __future__ import annotations

import functools
import os
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

REPO = Path(__file__).resolve().parent
SETTINGS_FILE = REPO / "uprtc" / "settings.py"
# The caller's choice of how a test run runs: its mode and where it keeps its
# files. DATABASE_URL too, but only for this process: the test database is set
# up from it before any test runs.
RUN_VARIABLES = {"DEBUG", "UPRTC_VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT"}


@functools.cache
def _settings_variables() -> list[str]:
    """The variables settings.py reads (and their ``NAME_FILE`` form), but
    for those of the run."""
    read = set(re.findall(r'env_\w+\(\s*"(\w+)"', SETTINGS_FILE.read_text()))
    return [n for name in read - RUN_VARIABLES for n in (name, f"{name}_FILE")]


def _shell_variables() -> tuple[str, ...]:
    return tuple(sorted(n for n in _settings_variables() if n in os.environ))


def _settings_read(without: tuple[str, ...]) -> dict[str, Any]:
    saved = {name: os.environ.pop(name) for name in without}
    try:
        module = runpy.run_path(str(SETTINGS_FILE))
    finally:
        os.environ.update(saved)
    return {key: value for key, value in module.items() if key.isupper()}


@functools.cache
def _shell_settings(names: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The settings those variables change: as the shell made them, and as
    the project's defaults."""
    shell, default = _settings_read(()), _settings_read(names)
    changed = {k for k in shell | default if shell.get(k) != default.get(k)}
    changed.discard("DATABASES")
    return (
        {k: shell[k] for k in changed if k in shell},
        {k: default[k] for k in changed if k in default},
    )


@pytest.fixture(autouse=True)
def hermetic_environment(request, monkeypatch):
    """A test means the same whatever the caller's shell exported
    (``SECURE_SSL_REDIRECT=1``, a production ``DATABASE_URL``): those
    variables are gone for the test and the programs it starts, and the
    settings they changed are back to the project's defaults (unless the test
    environment itself changed them since, as Django's mail backend)."""
    names = _shell_variables()
    shell, default = _shell_settings(names) if names else ({}, {})
    for name in (*names, "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    if not names:
        return
    settings = request.getfixturevalue("settings")
    for key in shell | default:
        if getattr(settings, key, None) != shell.get(key):
            continue
        if key in default:
            setattr(settings, key, default[key])
        else:
            delattr(settings, key)


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
def cso_form(client, personas):
    """``cso_form(path, fields)``: the contributor of the civil-society
    organization, signed in, sends a form for it (``organization`` is set)."""
    client.force_login(personas.submitter)

    def send(path, fields, **extra):
        return client.post(path, {"organization": personas.cso.pk, **fields}, **extra)

    return send


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
