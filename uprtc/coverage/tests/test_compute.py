"""The arithmetic, without a database."""

from uprtc.coverage.compute import Tally, by_key, matrix, tally


def test_a_tally_counts_each_recommendation_once():
    t = tally([1, 2, 3, 3], covered={2, 9})
    assert (t.accepted, t.covered, t.uncovered) == (3, 1, 2)
    assert t.share == 1 / 3
    assert Tally(0, 0).share == 0.0


def test_a_recommendation_counts_under_each_of_its_themes():
    pairs = [(1, "torture"), (1, "detention"), (2, "torture"), (3, "education")]
    result = by_key(pairs, covered={1})
    assert result["torture"] == Tally(2, 1)
    assert result["detention"] == Tally(1, 1)
    assert result["education"] == Tally(1, 0)


def test_cells_of_a_matrix():
    cells = matrix(
        [
            (1, "african", "torture"),
            (2, "african", "torture"),
            (3, "eastern-european", "torture"),
        ],
        covered={2, 3},
    )
    assert cells[("african", "torture")] == Tally(2, 1)
    assert cells[("eastern-european", "torture")] == Tally(1, 1)
