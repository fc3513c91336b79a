"""Coded fields of the API answers are enums in the OpenAPI description,
with the values of the model's choices (plus "" where a field may be blank)."""

import pytest

from uprtc.activities.choices import Modality, Stage
from uprtc.recommendations.models import Response


@pytest.fixture
def components(client):
    return client.get("/api/v1/openapi.json").json()["components"]["schemas"]


def _values(component, name):
    return component["properties"][name]["enum"]


def test_an_activity_status_lists_the_stages(components):
    assert _values(components["ActivityOut"], "status") == Stage.values


def test_a_field_that_may_be_blank_also_lists_the_empty_value(components):
    assert _values(components["ActivityOut"], "modality") == [*Modality.values, ""]
    assert _values(components["RecommendationOut"], "response") == [
        *Response.values,
        "",
    ]


def test_an_input_keeps_its_own_check_and_lists_no_enum(components):
    # the service answers an unknown value with 400 and the field's name
    assert "enum" not in components["ActivityIn"]["properties"]["modality"]
