"""The six columns of a name, one per UN language, are labelled in the
reader's language, language names written as that language writes them
inside a phrase."""

import pytest
from django.utils import translation

from uprtc.countries.models import Country


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "name (Chinese)"),
        ("fr", "nom (chinois)"),
        ("es", "nombre (chino)"),
        ("ru", "название (китайский)"),
        ("zh-hans", "名称 (中文)"),
    ],
)
def test_a_language_column_is_labelled_in_the_readers_language(lang, label):
    with translation.override(lang):
        assert str(Country._meta.get_field("name_zh").verbose_name) == label


def test_each_language_has_its_column_and_only_english_is_required():
    columns = {f.name: f for f in Country._meta.get_fields() if f.name[:5] == "name_"}
    assert sorted(columns) == [
        f"name_{s}" for s in sorted(["en", "fr", "es", "ar", "zh", "ru"])
    ]
    assert [n for n, f in columns.items() if not f.blank] == ["name_en"]
