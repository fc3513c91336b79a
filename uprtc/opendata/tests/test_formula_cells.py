"""Spreadsheet formula injection ("CSV injection", OWASP): a text cell of a
download that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is written with a leading apostrophe, so that Excel or LibreOffice show
it instead of running it. Numbers stay numbers, negative ones included."""

import csv
import io
from decimal import Decimal

import pytest

from uprtc.activities.models import Activity
from uprtc.activities.tests import builders
from uprtc.nmirf.models import NationalTracking
from uprtc.opendata.tests import builders as more
from uprtc.opendata.tests.reading import body, table

pytestmark = pytest.mark.django_db

# what an attacker would type: each runs as a formula when opened unprotected
FORMULAS = [
    "=HYPERLINK(1)",
    "-2+3+cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def published(personas, title):
    # written straight to the row: the form strips a leading tab or return
    activity = builders.published(personas)
    Activity.objects.filter(pk=activity.pk).update(title=title)


@pytest.mark.parametrize("title", FORMULAS)
def test_a_title_that_starts_a_formula_is_text_in_the_csv(client, personas, title):
    published(personas, title)
    _h, rows = table(client.get("/api/v1/export/activities.csv"), "csv")
    assert rows[0]["title"] == "'" + title


@pytest.mark.parametrize("title", FORMULAS)
def test_the_xlsx_keeps_the_text_as_a_string_cell(client, personas, title):
    published(personas, title)
    _h, rows = table(client.get("/api/v1/export/activities.xlsx"), "xlsx")
    # openpyxl reads a formula cell back as "=…"; a string cell as typed
    assert rows[0]["title"] == title


def test_a_negative_number_stays_a_number(client, personas):
    activity = builders.published(personas, title="Budget cut")
    Activity.objects.filter(pk=activity.pk).update(budget=Decimal("-12.50"))
    _h, rows = table(client.get("/api/v1/export/activities.csv"), "csv")
    assert rows[0]["budget"] == "-12.50"
    _h, rows = table(client.get("/api/v1/export/activities.xlsx"), "xlsx")
    assert rows[0]["budget"] == -12.5


def test_the_coverage_csv_neutralises_recommendation_texts(client, personas):
    more.recommendation(text="-1+2 Ratify the Convention.")
    more.recommendation(text="=HYPERLINK(1)")
    text = client.get("/api/v1/coverage/SVN.csv").content.decode()
    texts = {r["text"] for r in csv.DictReader(io.StringIO(text))}
    assert texts == {"'-1+2 Ratify the Convention.", "'=HYPERLINK(1)"}


def test_the_implementation_plan_round_trip_keeps_a_leading_dash(
    client, call, personas
):
    """The NMIRF import strips the apostrophe the export added."""
    from uprtc.nmirf.tests.test_import_plan import upload

    rec = more.recommendation(text="-Ratify OP-CAT.")
    NationalTracking.objects.create(
        recommendation=rec,
        planned_actions="- Draft the bill\n- Consult the NHRI",
        updated_by=personas.focal_point,
    )
    data = body(client.get("/api/v1/export/nmirf/SVN.csv"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["Recommendation"] == "'-Ratify OP-CAT."
    assert rows[0]["Planned actions"] == "'- Draft the bill\n- Consult the NHRI"
    assert rows[0]["Recommendation ID"] == str(rec.pk)
    result = upload(call, personas.focal_point, data, "plan.csv").json()
    assert result["unchanged"] == 1 and result["skipped"] == 0, result
    tracking = NationalTracking.objects.get()
    assert tracking.planned_actions == "- Draft the bill\n- Consult the NHRI"
