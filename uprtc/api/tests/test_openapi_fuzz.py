"""The API against its own OpenAPI description (schemathesis): whatever the
input, never a server error, and every answer as the description says.

``UPRTC_FUZZ_EXAMPLES`` sets the examples per operation (default 6; the
closing note of issue 7 reports a longer run)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from uprtc.activities.tests import builders
from uprtc.actors.services import issue_api_token
from uprtc.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
EXAMPLES = int(os.environ.get("UPRTC_FUZZ_EXAMPLES", "6"))
CALLS = {"cases": 0}


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request;
    inside a test transaction that would end the test's own connection.
    Django's test client does the same as this fixture."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(personas, keep_connection):
    builders.published(personas)
    builders.submitted(personas, title="Awaiting review")
    return [
        {},
        {"Authorization": f"Bearer {issue_api_token(personas.reviewer)}"},
        {"Authorization": f"Bearer {issue_api_token(personas.focal_point)}"},
    ]


@pytest.mark.django_db
# schemathesis's WSGI transport never closes a FileResponse (the XLSX
# downloads); a WSGI server does, so the temporary file's warning is its own
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@override_settings(API_RATE_ADDRESS="1000000/min", API_RATE_TOKEN="1000000/min")
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_input_makes_the_api_fail_or_break_its_description(case, tokens):
    for headers in tokens:
        # the WSGI transport hands back the body as sent, without undoing the
        # gzip an HTTP client undoes (GZipMiddleware answers schemathesis's
        # default Accept-Encoding)
        headers = {**headers, "Accept-Encoding": "identity"}
        case.call_and_validate(headers=headers, checks=CHECKS)
        CALLS["cases"] += 1


def test_zz_report_how_many_cases_ran(capsys):
    with capsys.disabled():
        print(f"\nschemathesis: {CALLS['cases']} calls checked")
