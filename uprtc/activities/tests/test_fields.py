"""Every place that lists an activity's fields reads them from ``fields``."""

import pytest

from uprtc.activities import bulk, fields, inputs
from uprtc.activities.forms import ActivityForm
from uprtc.activities.serialize import activity_dict
from uprtc.activities.tests.builders import published
from uprtc.api.schemas import ActivityIn, ActivityOut
from uprtc.opendata.datasets import DATASETS


def public_names() -> list[str]:
    return [f.name for f in fields.PUBLIC]


@pytest.mark.django_db
def test_the_serialization_holds_the_public_fields_and_no_other(personas):
    row = activity_dict(published(personas, contact_name="Ana Novak"))
    assert sorted(row) == sorted(public_names())
    assert "Ana Novak" not in str(row)


def test_the_api_output_is_the_serialization_in_the_declared_order():
    assert list(ActivityOut.model_fields) == public_names()


def test_the_api_input_takes_every_declared_input_and_the_submission_s_own():
    declared = {f.name for f in fields.API}
    assert set(ActivityIn.model_fields) == declared | {"organization_id", "draft"}


def test_the_form_and_the_file_take_inputs_of_the_api_only():
    api = {f.name for f in fields.API}
    assert set(bulk.COLUMNS) <= api
    assert {f.name for f in fields.FORM} <= api
    assert set(inputs.PLAIN) | set(inputs.CHOICES) <= api
    own = {"organization", "find_state", "find_text"}
    assert set(ActivityForm.base_fields) - own == {f.name for f in fields.FORM}


def test_open_data_shows_the_public_fields_with_their_description():
    columns = DATASETS["activities"].columns
    assert sorted(c.name for c in columns) == sorted(public_names())
    assert [c.name for c in columns[:2]] == ["id", "url"]
    for column in columns:
        declared = fields.BY_NAME[column.name]
        assert (
            column.description == declared.description and column.type == declared.type
        )


def test_what_is_never_public_has_no_description_and_is_public_nowhere():
    for field in fields.FIELDS:
        assert bool(field.description) == field.public, field.name
    private = {f.name for f in fields.FIELDS if not f.public}
    assert private == {"confidential", "contact_name", "contact_email"}


def test_a_many_to_many_names_its_items_by_a_field_of_their_model():
    for field in fields.MANY_FIELDS:
        field.related()._meta.get_field(field.code.replace("pk", "id"))
