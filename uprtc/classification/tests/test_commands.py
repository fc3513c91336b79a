"""The classifier commands on labelled files."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from uprtc.classification.models import ClassifierVersion

pytestmark = pytest.mark.django_db


def corpus(header: str, *rows: str, times: int, last: str) -> list[str]:
    """A labelled corpus: the ``rows`` (``{i}`` numbered) ``times`` over, then
    ``last``, under ``header``."""
    return [header, *(r.format(i=i) for i in range(times) for r in rows), last]


def columns_of(labelled):
    """The arguments naming the labelled corpus and its two columns."""
    return ("--input", labelled, "--text-column", "text", "--labels-column", "issues")


def run(*args):
    out = StringIO()
    call_command("classifier", *map(str, args), stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.fixture
def labelled(tmp_path):
    rows = corpus(
        "text;issues",
        "Ratify the convention against torture, case {i};Torture",
        "Guarantee education for all girls, case {i};Education,Women",
        times=120,
        last="Something about nothing;16 - PEACE",
    )
    path = tmp_path / "labelled.csv"
    path.write_bytes("\r".join(rows).encode("mac_roman"))
    return path


def test_a_custom_taxonomy_is_trained_evaluated_and_versioned(labelled):
    args = ("--taxonomy", "upr-issues", *columns_of(labelled))
    out = run("train", *args)
    assert json.loads(out[-1])["version"] == 1
    run("train", *args)
    assert ClassifierVersion.objects.filter(taxonomy="upr-issues").count() == 2
    metrics = json.loads(run("evaluate", *args)[-1])
    assert set(metrics) >= {"precision", "recall", "micro_f1", "macro_f1"}
    assert metrics["micro_f1"] > 0.9
    suggestion = json.loads(
        run(
            "suggest",
            "--taxonomy",
            "upr-issues",
            "--text",
            "torture in detention",
            "--json",
        )[-1]
    )
    assert suggestion[0]["label"] == "Torture"


def test_built_in_taxonomies_work_without_training():
    out = run(
        "suggest",
        "--taxonomy",
        "sdg-goals",
        "--text",
        "Garantizar la educación primaria gratuita para todas las niñas",
        "--json",
    )
    labels = [s["label"] for s in json.loads(out[-1])][:3]
    assert "4" in labels  # quality education


def test_labels_outside_a_built_in_taxonomy_are_reported(labelled):
    out = run("evaluate", "--taxonomy", "sdg-goals", *columns_of(labelled))
    assert "labels not in sdg-goals, ignored" in out[0]
    assert json.loads(out[-1])["n"] == 1  # only the row labelled "16 - PEACE"


def test_errors_are_clear(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="no column 'text'"):
        run(
            "train",
            "--taxonomy",
            "x",
            "--input",
            path,
            "--text-column",
            "text",
            "--labels-column",
            "b",
        )
    with pytest.raises(CommandError, match="no model and no built-in labels"):
        run("suggest", "--taxonomy", "unknown", "--text", "x")


def test_a_corpus_in_another_vocabulary_trains_themes_through_a_label_map(tmp_path):
    from uprtc.classification.services import latest

    rows = corpus(
        "Text,Issue",
        '"Abolish the death penalty, case {i}","Death penalty"',
        '"Improve prison conditions, case {i}","Detention,General"',
        times=30,
        last='"Something else entirely","Not in the map"',
    )
    data = tmp_path / "upr-info.csv"
    data.write_text("\n".join(rows), encoding="utf-8")
    shipped = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "upr-info-issues-to-uhri-themes.csv"
    )
    out = run(
        "train",
        "--taxonomy",
        "uhri-themes",
        "--input",
        data,
        "--text-column",
        "Text",
        "--labels-column",
        "Issue",
        "--label-map",
        shipped,
    )
    assert "'Not in the map' (1)" in out[0]  # reported, not silently dropped
    trained, n = latest("uhri-themes")
    assert n == 60
    assert set(trained.labels) == {
        "death-penalty",
        "conditions-of-detention",
        "arbitrary-arrest-and-detention",
    }


def test_the_shipped_label_map_covers_every_upr_info_issue():
    from uprtc.classification.taxonomies import read_label_map

    shipped = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "upr-info-issues-to-uhri-themes.csv"
    )
    table = read_label_map(shipped, "uhri-themes")  # every target is a theme
    assert len(table) == 54
    assert table["women's rights"] == [
        "advancement-of-women",
        "discrimination-against-women",
    ]
    assert table["general"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("issue,themes\nDeath penalty,death-penalty\nTorture\n", "line 3: expected"),
        ("issue,themes\nDeath penalty,not-a-theme\n", "line 2: 'not-a-theme' is not"),
        (
            "issue,themes\nA,death-penalty\na ,death-penalty\n",
            "line 3: 'a' is mapped twice",
        ),
        ("issue,themes\n", "line 1: the label map has no rows"),
    ],
)
def test_a_bad_label_map_is_refused_naming_the_line(
    tmp_path, labelled, content, message
):
    path = tmp_path / "map.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run(
            "train",
            "--taxonomy",
            "uhri-themes",
            "--input",
            labelled,
            "--text-column",
            "text",
            "--labels-column",
            "issues",
            "--label-map",
            path,
        )
