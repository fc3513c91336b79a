"""Coverage arithmetic as pure functions over plain rows.

A State's accepted (supported) recommendation is *covered* when at least one
published activity is linked to it. Counting happens here, on plain tuples,
so that it is tested without a database and gives the same figures to the
pages, the API, the CSV files and the annual report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    accepted: int
    covered: int
    # without an activity of their own, but continuing (confirmed link) an
    # earlier cycle's recommendation that has one: "supported in an earlier
    # cycle", counted apart from ``covered`` ("supported in this cycle")
    covered_earlier: int = 0

    @property
    def uncovered(self) -> int:
        return self.accepted - self.covered

    @property
    def share(self) -> float:
        return self.covered / self.accepted if self.accepted else 0.0


def tally(
    rec_ids: Iterable[int], covered: set[int], earlier: AbstractSet[int] = frozenset()
) -> Tally:
    ids = set(rec_ids)
    return Tally(len(ids), len(ids & covered), len((ids & earlier) - covered))


def by_key(
    pairs: Iterable[tuple[int, str]],
    covered: set[int],
    earlier: AbstractSet[int] = frozenset(),
) -> dict[str, Tally]:
    """(recommendation id, key) pairs → a tally per key. A recommendation with
    several themes counts once under each of them."""
    groups: dict[str, set[int]] = defaultdict(set)
    for rec_id, key in pairs:
        groups[key].add(rec_id)
    return {key: tally(ids, covered, earlier) for key, ids in groups.items()}


def matrix(
    triples: Iterable[tuple[int, str, str]], covered: set[int]
) -> dict[tuple[str, str], Tally]:
    """(recommendation id, row key, column key) → a tally per cell."""
    cells: dict[tuple[str, str], set[int]] = defaultdict(set)
    for rec_id, row, column in triples:
        cells[(row, column)].add(rec_id)
    return {cell: tally(ids, covered) for cell, ids in cells.items()}
