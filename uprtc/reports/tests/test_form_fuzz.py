"""The annual report form with random values: never a server error; a
refused request queues nothing and says why."""

from __future__ import annotations

import pytest
from hypothesis import given

from uprtc.core.tests.fuzz import explained, few, form_data
from uprtc.reports.models import ReportRun

pytestmark = pytest.mark.django_db


@few(20)
@given(
    data=form_data(
        {"session": "61", "start": "2025-01-01", "end": "2025-12-31", "language": "en"},
        ["session", "start", "end", "language"],
    )
)
def test_the_report_form_never_fails_and_explains_a_refusal(
    client, personas, settings, data
):
    settings.TASKS_INLINE = False  # queued only: building is tested elsewhere
    client.force_login(personas.reviewer)
    before = ReportRun.objects.count()
    response = client.post("/en/reports/", data)
    if response.status_code == 302:
        assert ReportRun.objects.count() == before + 1
        return
    assert ReportRun.objects.count() == before
    assert explained(response)
