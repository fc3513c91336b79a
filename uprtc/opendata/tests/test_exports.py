import pytest
from django.http import StreamingHttpResponse

from uprtc.activities import consent
from uprtc.activities.tests import builders
from uprtc.countries.models import Country
from uprtc.opendata.datasets import DATASETS
from uprtc.opendata.tests import builders as more
from uprtc.opendata.tests.reading import body, table

pytestmark = pytest.mark.django_db
FORMATS = ["csv", "xlsx", "json"]


@pytest.fixture
def repository(personas):
    """One published activity among every kind of non-public one."""
    p = personas
    rec = more.recommendation()
    published = builders.published(
        p,
        title="Published workshop",
        contact_name="Ana Novak",
        contact_email="ana@example.si",
    )
    published.recommendations.set([rec])
    builders.draft(p, title="Draft workshop")
    builders.approved(p, title="Unconsented workshop")
    withdrawn = builders.published(p, title="Withdrawn workshop")
    consent.withdraw_consent(p.focal_point, withdrawn, Country.objects.get(iso3="SVN"))
    secret = builders.approved(p, title="Confidential workshop", confidential=True)
    consent.grant_consent(
        p.reviewer,
        secret,
        Country.objects.get(iso3="SVN"),
        evidence_note="Note verbale 2025/12",
    )
    more.request(p, need="Public need")
    more.request(p, visibility="providers", need="Providers-only need")
    more.offer(p, expertise="Public expertise")
    more.offer(p, visibility="moderators", expertise="Hidden expertise")
    return {"published": published, "rec": rec}


@pytest.mark.parametrize("fmt", FORMATS)
def test_activities_parse_back_with_only_the_published_one(client, repository, fmt):
    response = client.get(f"/api/v1/export/activities.{fmt}")
    assert response.status_code == 200
    header, rows = table(response, fmt)
    assert header == [c.name for c in DATASETS["activities"].columns]
    assert [r["title"] for r in rows] == ["Published workshop"]
    row = rows[0]
    assert str(row["id"]) == str(repository["published"].pk)
    assert row["concerned_states"] in ("SVN", ["SVN"])
    assert str(repository["rec"].pk) in str(row["recommendations"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_contact_details_and_review_notes_are_in_no_export(client, repository, fmt):
    for name in DATASETS:
        data = body(client.get(f"/api/v1/export/{name}.{fmt}"))
        if fmt == "xlsx":
            continue  # compressed; parsed below
        text = data.decode("utf-8-sig")
        assert "ana@example.si" not in text and "Ana Novak" not in text, name
    header, rows = table(client.get(f"/api/v1/export/activities.{fmt}"), fmt)
    assert not {"contact_name", "contact_email", "review", "confidential"} & set(header)
    assert all("Ana Novak" not in str(v) for r in rows for v in r.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_public_requests_and_offers_are_exported(client, repository, fmt):
    _h, requests = table(client.get(f"/api/v1/export/requests.{fmt}"), fmt)
    assert [r["need"] for r in requests] == ["Public need"]
    _h, offers = table(client.get(f"/api/v1/export/offers.{fmt}"), fmt)
    assert [o["expertise"] for o in offers] == ["Public expertise"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_dataset_downloads_with_its_declared_columns(
    client, repository, name, fmt
):
    response = client.get(f"/api/v1/export/{name}.{fmt}")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert f"uprtc-{name}-" in disposition and disposition.endswith(f'.{fmt}"')
    header, rows = table(response, fmt)
    assert rows, name
    assert header == [c.name for c in DATASETS[name].columns]


def test_recommendations_list_their_published_activities_only(
    client, personas, repository
):
    hidden = builders.approved(personas, title="Awaiting consent")
    hidden.recommendations.set([repository["rec"]])
    _h, rows = table(client.get("/api/v1/export/recommendations.json"), "json")
    (row,) = rows
    assert row["activities"] == [repository["published"].pk]
    assert row["state"] == "SVN" and row["response"] == "supported"


@pytest.mark.parametrize("fmt,pieces", [("csv", 2), ("json", 3)])
def test_csv_and_json_are_streamed_row_by_row(client, repository, fmt, pieces):
    response = client.get(f"/api/v1/export/activities.{fmt}")
    assert isinstance(response, StreamingHttpResponse)
    # the head, then one piece per row (and the closing bracket for JSON)
    assert len(list(response.streaming_content)) == pieces


def test_xlsx_is_streamed_from_a_file(client, repository):
    response = client.get("/api/v1/export/activities.xlsx")
    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response.close()  # deletes the temporary file


def test_activities_are_read_in_chunks(client, personas, django_assert_max_num_queries):
    for n in range(3):
        builders.published(personas, title=f"Workshop {n}")
    with django_assert_max_num_queries(12):
        data = body(client.get("/api/v1/export/activities.csv"))
    assert len(data.decode("utf-8-sig").splitlines()) == 1 + 3


def test_csv_has_a_bom_and_keeps_formulas_as_text(client, personas):
    builders.published(personas, title="=HYPERLINK(1)")
    data = body(client.get("/api/v1/export/activities.csv"))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"'=HYPERLINK(1)" in data
    _h, rows = table(client.get("/api/v1/export/activities.xlsx"), "xlsx")
    assert rows[0]["title"] == "=HYPERLINK(1)"


def test_the_data_dictionary_lists_every_column_of_every_dataset(client):
    page = client.get("/en/open-data/").content.decode()
    for name, dataset in DATASETS.items():
        for fmt in FORMATS:
            assert f"/api/v1/export/{name}.{fmt}" in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page, (name, column.name)
            assert str(column.description) in page.replace("&#x27;", "'")
    assert "CC BY 4.0" in page and "How to cite" in page


def test_the_data_dictionary_is_linked_from_every_page(client):
    assert 'href="/fr/open-data/"' in client.get("/fr/").content.decode()
