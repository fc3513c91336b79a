"""An integer no database column can hold, in a query parameter or a path, is
a clear refusal and never a server error: 400 naming the parameter for a
filter (``application/problem+json`` under ``/api/``), 404 for an id in a
path (no row can have it). SQLite raised ``OverflowError`` on these, and
PostgreSQL ``NumericValueOutOfRange`` on some."""

import base64

import pytest

from uprtc.activities.tests import builders

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"  # more than 64 bits
EDGE = str(2**63)  # the first integer past a 64-bit column
CURSOR = base64.urlsafe_b64encode(BIG.encode()).decode()


@pytest.fixture
def moderator(client, personas):
    """Signed in as a moderator: every page exists for them."""
    client.force_login(personas.reviewer)
    client.raise_request_exception = False
    return personas.reviewer


API_FILTERS = [
    ("/api/v1/activities?sdg_goal={n}", "sdg_goal"),
    ("/api/v1/activities?recommendation={n}", "recommendation"),
    ("/api/v1/activities?organization={n}", "organization"),
    ("/api/v1/recommendations?cycle={n}", "cycle"),
    ("/api/v1/recommendations?session={n}", "session"),
    ("/api/v1/recommendations?sdg_goal={n}", "sdg_goal"),
    ("/api/v1/requests?sdg_goal={n}", "sdg_goal"),
    ("/api/v1/requests?recommendation={n}", "recommendation"),
    ("/api/v1/offers?organization={n}", "organization"),
    ("/api/v1/offers?sdg_goal={n}", "sdg_goal"),
    ("/api/v1/countries?limit={n}", "limit"),
    ("/api/v1/search?page={n}", "page"),
    ("/api/v1/search?page_size={n}", "page_size"),
    ("/api/v1/export/nmirf/SVN.csv?cycle={n}", "cycle"),
    ("/api/v1/export/nmirf/SVN.xlsx?cycle={n}", "cycle"),
]


@pytest.mark.parametrize("n", [BIG, EDGE, "-" + BIG])
@pytest.mark.parametrize("url, name", API_FILTERS)
def test_an_api_filter_too_big_is_a_problem_naming_it(client, moderator, url, name, n):
    response = client.get(url.format(n=n))
    response.close()  # a download would keep its temporary file open
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == name


def test_a_cursor_holding_a_number_too_big_is_refused(client, moderator):
    response = client.get(f"/api/v1/activities?cursor={CURSOR}")
    assert response.status_code == 400
    assert response.json()["field"] == "cursor"


API_READS = [
    "/api/v1/activities/{n}",
    "/api/v1/recommendations/{n}",
    "/api/v1/organizations/{n}",
    "/api/v1/requests/{n}",
    "/api/v1/requests/{n}/matches",
    "/api/v1/requests/{n}/suggested-providers",
    "/api/v1/offers/{n}",
    "/api/v1/offers/{n}/matches",
    "/api/v1/recommendations/{n}/suggested-providers",
    "/api/v1/plans/{n}",
    "/api/v1/activities/{n}/changes",
]


@pytest.mark.parametrize("n", [BIG, EDGE])
@pytest.mark.parametrize("url", API_READS)
def test_an_api_id_too_big_is_not_found(call, personas, url, n):
    response = call("get", url.format(n=n), personas.reviewer)
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"


API_WRITES = [
    ("post", "/api/v1/activities/{n}/review", {"decision": "approve"}),
    ("post", "/api/v1/activities/{n}/consent", {"decision": "grant", "state": "SVN"}),
    ("post", "/api/v1/activities/{n}/submit", None),
    ("post", "/api/v1/activities/1/changes/{n}/review", {"decision": "approve"}),
    ("post", "/api/v1/activities/{n}/merge", {"duplicate": 1}),
    (
        "put",
        "/api/v1/activities/{n}",
        {"title": "t", "description": "d", "concerned_states": ["SVN"]},
    ),
    ("post", "/api/v1/matches/{n}/respond", {"decision": "accept"}),
    ("post", "/api/v1/requests/{n}/status", {"status": "closed"}),
    ("post", "/api/v1/offers/{n}/status", {"active": False}),
    (
        "post",
        "/api/v1/recommendations/{n}/labels",
        {"taxonomy": "sdg-goals", "suggested": [], "accepted": []},
    ),
]


@pytest.mark.parametrize("method, url, payload", API_WRITES)
def test_an_api_write_to_an_id_too_big_is_not_found(
    call, personas, method, url, payload
):
    response = call(method, url.format(n=BIG), personas.reviewer, payload or {})
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "url, payload, name",
    [
        (
            "/api/v1/activities",
            {
                "title": "t",
                "description": "d",
                "concerned_states": ["SVN"],
                "organization_id": int(BIG),
            },
            "organization_id",
        ),
        ("/api/v1/activities/{pk}/merge", {"duplicate": int(BIG)}, "duplicate"),
        (
            "/api/v1/requests",
            {"need": "Training", "languages": ["en"], "recommendations": [int(BIG)]},
            "recommendations",
        ),
        (
            "/api/v1/offers",
            {"expertise": "Judges", "languages": ["en"], "organization_id": int(BIG)},
            "organization_id",
        ),
    ],
)
def test_an_id_too_big_in_a_json_body_is_a_problem_naming_it(
    call, personas, url, payload, name
):
    activity = builders.submitted(personas)
    user = personas.reviewer if "merge" in url else personas.submitter
    if url == "/api/v1/requests":
        user = personas.focal_point
    response = call("post", url.format(pk=activity.pk), user, payload)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"].split(".")[0] == name


PAGES = [
    ("get", "/en/activities/{n}/"),
    ("get", "/en/activities/{n}/edit/"),
    ("post", "/en/activities/{n}/submit/"),
    ("post", "/en/activities/{n}/review/"),
    ("post", "/en/activities/{n}/consent/"),
    ("post", "/en/activities/{n}/merge/"),
    ("post", "/en/activities/{n}/changes/{n}/review/"),
    ("get", "/en/activities/consents/{n}/evidence"),
    ("get", "/en/recommendations/{n}/"),
    ("get", "/en/organizations/{n}/"),
    ("get", "/en/reports/{n}/"),
    ("get", "/en/reports/{n}/file.csv"),
    ("get", "/en/matching/requests/{n}/"),
    ("get", "/en/matching/offers/{n}/"),
    ("post", "/en/matching/matches/{n}/respond/"),
    ("post", "/en/matching/requests/{n}/status/"),
    ("post", "/en/matching/offers/{n}/active/"),
]


@pytest.mark.parametrize("n", [BIG, EDGE])
@pytest.mark.parametrize("method, url", PAGES)
def test_a_page_for_an_id_too_big_is_not_found(client, moderator, method, url, n):
    response = getattr(client, method)(url.format(n=n))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/en/activities/?sdg_goal={n}&page={n}",
        "/en/recommendations/?cycle={n}&page={n}",
        "/en/search/?page={n}",
        "/en/search/?sdg={n}&cycle={n}&year={n}",
        "/en/coverage/SVN/?page={n}",
    ],
)
def test_a_list_page_with_a_number_too_big_still_answers(client, moderator, url):
    """Pages are forgiving: a filter that cannot match finds nothing, a page
    past the end shows the last one."""
    response = client.get(url.format(n=BIG))
    assert response.status_code == 200


def _integers(schema, components, seen=()):
    """Every integer in a JSON Schema, following $refs, anyOf and items."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _integers(components[name], components, (*seen, name))
        return
    if schema.get("type") == "integer":
        yield schema
    for part in schema.get("anyOf", []):
        yield from _integers(part, components, seen)
    if "items" in schema:
        yield from _integers(schema["items"], components, seen)
    for prop in schema.get("properties", {}).values():
        yield from _integers(prop, components, seen)


def test_every_integer_the_api_reads_is_bounded():
    """New parameters and payload fields use ``uprtc.api.params.Int``/``Id``
    (``format: int64``) or declare their own ``maximum``."""
    from uprtc.api.api import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    unbounded = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            inputs = [(p["name"], p["schema"]) for p in operation.get("parameters", [])]
            body = operation.get("requestBody", {}).get("content", {})
            inputs += [("body", c["schema"]) for c in body.values()]
            for name, part in inputs:
                for integer in _integers(part, components):
                    if integer.get("format") != "int64" and "maximum" not in integer:
                        unbounded.append(f"{method} {path} {name}")
    assert unbounded == []
