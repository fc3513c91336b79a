"""Export → edit → import of a State's implementation plan."""

import csv
import io
import json
import tempfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from uprtc.activities.tests import builders
from uprtc.core.models import AuditEvent
from uprtc.countries.models import Country
from uprtc.nmirf.layout import COLUMNS
from uprtc.nmirf.models import NationalTracking
from uprtc.opendata.tests import builders as more
from uprtc.opendata.tests.reading import body, table

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def plan(personas):
    first = more.recommendation(text="Ratify OP-CAT.")
    second = more.recommendation(text="Train judges.", response="noted", cycle=2)
    more.recommendation(state="FRA", text="A French one.")
    activity = builders.published(personas, title="Judges' workshop")
    activity.recommendations.set([first])
    hidden = builders.approved(personas, title="Awaiting consent")
    hidden.recommendations.set([first])
    return {"first": first, "second": second, "activity": activity}


def svn():
    return Country.objects.get(iso3="SVN")


def upload(call, user, data, name="plan.xlsx"):
    from django.test import Client

    from uprtc.actors.services import issue_api_token

    client = Client()
    return client.post(
        "/api/v1/nmirf/SVN/import",
        {"file": SimpleUploadedFile(name, data)},
        HTTP_AUTHORIZATION=f"Bearer {issue_api_token(user)}",
    )


def edited_xlsx(client, edits):
    """The exported XLSX with some cells changed: {(row, column name): value}."""
    data = body(client.get("/api/v1/export/nmirf/SVN.xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for (row, column), value in edits.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_export_has_every_recommendation_of_the_state_and_public_activities(
    client, plan
):
    header, rows = table(client.get("/api/v1/export/nmirf/SVN.csv"), "csv")
    assert header == [c.name for c in COLUMNS]
    assert {r["Recommendation"] for r in rows} == {"Ratify OP-CAT.", "Train judges."}
    (first,) = [r for r in rows if r["Recommendation ID"] == str(plan["first"].pk)]
    assert first["Activity IDs"] == str(plan["activity"].pk)
    assert first["Activity titles"] == "Judges' workshop"
    assert first["Response"] == "supported" and first["State"] == "SVN"


def test_the_export_filters_by_cycle_and_response(client, plan):
    _h, rows = table(client.get("/api/v1/export/nmirf/SVN.xlsx?cycle=2"), "xlsx")
    assert [r["Recommendation"] for r in rows] == ["Train judges."]
    _h, rows = table(
        client.get("/api/v1/export/nmirf/SVN.csv?response=supported"), "csv"
    )
    assert [r["Recommendation"] for r in rows] == ["Ratify OP-CAT."]
    assert client.get("/api/v1/export/nmirf/SVN.csv?response=maybe").status_code == 400


def test_a_round_trip_updates_tracking_and_leaves_recommendations_alone(
    client, call, personas, plan
):
    row = (
        2
        if table(client.get("/api/v1/export/nmirf/SVN.csv"), "csv")[1][0][
            "Recommendation ID"
        ]
        == str(plan["first"].pk)
        else 3
    )
    data = edited_xlsx(
        client,
        {
            (row, "Responsible institution"): "Ministry of Justice",
            (row, "Implementation status"): "In progress",
            (row, "Deadline"): "2027-06-30",
            (row, "Planned actions"): "- Draft the bill\n- Consult the NHRI",
            (row, "Recommendation"): "Something else entirely",
            (row, "Response"): "noted",
        },
    )
    response = upload(call, personas.focal_point, data)
    assert response.status_code == 200, response.content
    assert response.json() | {"skipped_rows": []} == {
        "read": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 1,
        "skipped": 0,
        "skipped_rows": [],
        "ignored_columns": [],
    }
    tracking = NationalTracking.objects.get(recommendation=plan["first"])
    assert tracking.responsible_institution == "Ministry of Justice"
    assert tracking.status == "in-progress"
    assert str(tracking.deadline) == "2027-06-30"
    assert tracking.planned_actions == "- Draft the bill\n- Consult the NHRI"
    assert tracking.updated_by == personas.focal_point
    plan["first"].refresh_from_db()
    assert plan["first"].text == "Ratify OP-CAT."
    assert plan["first"].response == "supported"
    assert AuditEvent.objects.filter(action="nmirf.tracking.created").count() == 1
    # the State's tracking is public: in the exports and on the page
    _h, rows = table(client.get("/api/v1/export/nmirf/SVN.csv"), "csv")
    assert "Ministry of Justice" in {r["Responsible institution"] for r in rows}
    page = client.get(f"/en/recommendations/{plan['first'].pk}/").content.decode()
    assert "Ministry of Justice" in page and "In progress" in page


def test_importing_the_same_file_again_changes_nothing(client, call, personas, plan):
    data = edited_xlsx(client, {(2, "Implementation status"): "fully-implemented"})
    assert upload(call, personas.focal_point, data).json()["created"] == 1
    events = AuditEvent.objects.filter(action__startswith="nmirf.").count
    again = upload(call, personas.focal_point, data).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert events() == 1
    # and so does the file as exported now, tracking included
    exported = body(client.get("/api/v1/export/nmirf/SVN.csv"))
    result = upload(call, personas.focal_point, exported, "plan.csv").json()
    assert result["unchanged"] == 2 and result["skipped"] == 0


def test_another_states_focal_point_is_refused(client, call, personas, plan):
    data = edited_xlsx(client, {(2, "Implementation status"): "in-progress"})
    response = upload(call, personas.other_state, data)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    client.force_login(personas.other_state)
    assert client.get("/en/nmirf/SVN/import/").status_code == 403
    assert not NationalTracking.objects.exists()


def test_a_moderator_may_import_for_any_state(client, call, personas, plan):
    data = edited_xlsx(client, {(2, "Implementation status"): "in-progress"})
    assert upload(call, personas.reviewer, data).json()["created"] == 1


def test_a_bad_status_is_reported_with_row_and_column(client, call, personas, plan):
    data = edited_xlsx(
        client,
        {
            (2, "Implementation status"): "almost done",
            (3, "Deadline"): "next year",
            (3, "Responsible institution"): "Ombudsman",
        },
    )
    result = upload(call, personas.focal_point, data).json()
    assert result["skipped"] == 2 and result["created"] == 0
    status, deadline = result["skipped_rows"]
    assert status.startswith("row 2, column Implementation status: 'almost done'")
    assert deadline.startswith("row 3, column Deadline: 'next year'")
    assert not NationalTracking.objects.exists()


def test_rows_of_another_states_recommendation_are_skipped(call, personas, plan):
    french = more.recommendation(state="FRA", text="Another French one.")
    data = "\ufeffRecommendation ID;Implementation status;Remarks\r\n"
    data += f"{french.pk};in-progress;x\r\n{plan['first'].pk};in-progress;y\r\n"
    result = upload(call, personas.focal_point, data.encode(), "plan.csv").json()
    assert result["created"] == 1
    assert result["ignored_columns"] == ["Remarks"]
    (message,) = result["skipped_rows"]
    assert message.startswith("row 2, column Recommendation ID:") and "FRA" in message


def test_the_csv_as_excel_saves_it_imports(client, call, personas, plan):
    """Excel "CSV UTF-8" in a French or German locale: BOM and semicolons."""
    _h, rows = table(client.get("/api/v1/export/nmirf/SVN.csv"), "csv")
    rows[0]["Progress notes"] = "Loi adoptée; décret en préparation"
    rows[0]["Implementation status"] = "partially implemented"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    data = ("\ufeff" + out.getvalue()).encode("utf-8")
    result = upload(call, personas.focal_point, data, "plan.csv").json()
    assert result["created"] == 1 and result["skipped"] == 0, result
    tracking = NationalTracking.objects.get()
    assert tracking.progress_notes == "Loi adoptée; décret en préparation"
    assert tracking.status == "partially-implemented"


def test_the_command_prints_a_json_summary_last(client, personas, plan):
    out = io.StringIO()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        file.write(edited_xlsx(client, {(2, "Implementation status"): "not started"}))
        file.flush()
        call_command(
            "import-nmirf",
            file.name,
            state="svn",
            user=personas.focal_point.email,
            stdout=out,
        )
    summary = json.loads(out.getvalue().splitlines()[-1])
    assert summary == {
        "read": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 1,
        "skipped": 0,
        "ignored_columns": [],
    }


def test_the_upload_page_imports_for_the_focal_point(client, personas, plan):
    data = edited_xlsx(client, {(2, "Responsible institution"): "Ombudsman"})
    client.force_login(personas.focal_point)
    page = client.get("/en/nmirf/SVN/import/")
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    response = client.post(
        "/en/nmirf/SVN/import/",
        {"file": SimpleUploadedFile("plan.xlsx", data, content_type=XLSX)},
    )
    assert "1 created" in response.content.decode()
    assert NationalTracking.objects.get().responsible_institution == "Ombudsman"


def test_a_file_without_the_id_column_imports_nothing(call, personas, plan):
    data = b"Status;Notes\r\nin-progress;x\r\n"
    response = upload(call, personas.focal_point, data, "plan.csv")
    assert response.status_code == 400
    assert "Recommendation ID" in response.json()["detail"]


def test_a_row_without_its_id_is_skipped_with_the_recommendation_its_text_matches(
    call, personas, plan
):
    from uprtc.search.documents import RECOMMENDATION
    from uprtc.search.index import sync

    sync(RECOMMENDATION, [plan["first"].pk, plan["second"].pk])
    data = "Recommendation ID;Recommendation;Implementation status\r\n"
    data += ";Ratify the OP-CAT.;in-progress\r\n"
    result = upload(call, personas.focal_point, data.encode(), "plan.csv").json()
    assert result["created"] == 0 and result["skipped"] == 1
    (message,) = result["skipped_rows"]
    assert message.startswith("row 2, column Recommendation ID: ''")
    assert f"looks like recommendation {plan['first'].pk} " in message
    assert not NationalTracking.objects.exists()
