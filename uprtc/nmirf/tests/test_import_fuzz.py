"""The plan import with malformed cells: never an unexpected exception,
every row accounted for, a refused row changes nothing."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uprtc.core.errors import DomainError
from uprtc.core.tests.fuzz import FUZZ, JUNK
from uprtc.countries.models import Country
from uprtc.nmirf.layout import COLUMNS, ID
from uprtc.nmirf.models import NationalTracking
from uprtc.nmirf.services import import_implementation_plan
from uprtc.opendata.tests import builders as more

pytestmark = pytest.mark.django_db


def headers() -> list[str]:
    return [c.name for c in COLUMNS]


@pytest.fixture
def recs(personas):
    return [more.recommendation(text="Ratify OP-CAT."), more.recommendation()]


@FUZZ
@given(data=st.data())
def test_malformed_cells_are_reported_never_raised(personas, recs, data):
    names = headers()
    rows = []
    for rec in recs:
        row = {name: "" for name in names}
        row[ID] = str(rec.pk)
        for name in data.draw(st.sets(st.sampled_from(names), max_size=6)):
            row[name] = data.draw(JUNK)
        rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    writer.writerows(rows)
    before = NationalTracking.objects.count()
    upload = io.BytesIO(out.getvalue().encode("utf-8"))
    upload.name = "plan.csv"
    try:
        report = import_implementation_plan(
            personas.focal_point, Country.objects.get(iso3="SVN"), upload
        )
    except DomainError as exc:  # the file as a whole: nothing written
        assert exc.message
        assert NationalTracking.objects.count() == before
        return
    done = report.created + report.updated + report.unchanged + len(report.skipped)
    # a row with every cell empty is spreadsheet padding, not data
    filled = [r for r in rows if any(str(v).strip() for v in r.values())]
    assert done == report.read == len(filled)
    assert NationalTracking.objects.count() == before + report.created
    assert all(s.startswith("row ") for s in report.skipped), report.skipped
