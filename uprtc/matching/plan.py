"""The coordinated plan: across all open requests and offers, the assignment
that maximises the total (priority-weighted) score while no offer exceeds its
free capacity and each request gets at most k proposals.

It is a bipartite b-matching, solved exactly as an integer programme with
HiGHS (scipy.optimize.milp). Its constraint matrix is totally unimodular, so
the solver's optimum is integral and exact — no greedy step. Only feasible
pairs (hard constraints) with a score of at least ``min_score`` are edges;
``candidates`` may cap the edges per request to the best ones for very large
instances (the plan is then exact on that graph; see the README)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

# The best feasible offers of each request that enter the plan: with k ≤ 10
# proposals per request this leaves room for capacity trade-offs, and keeps
# 10,000 × 10,000 within a minute.
CANDIDATES = 20


@dataclass(frozen=True)
class Edge:
    request: int
    offer: int
    score: float
    weight: float  # score × the request's priority


def solve(edges: list[Edge], capacity: dict[int, int], k: int) -> list[Edge]:
    """The chosen edges. ``capacity`` is each offer's free capacity."""
    edges = [e for e in edges if capacity.get(e.offer, 0) > 0 and e.weight > 0]
    if not edges:
        return []
    requests = sorted({e.request for e in edges})
    offers = sorted({e.offer for e in edges})
    r_index = {r: i for i, r in enumerate(requests)}
    o_index = {o: i for i, o in enumerate(offers)}
    n = len(edges)
    cols = np.arange(n)
    rows_r = np.array([r_index[e.request] for e in edges])
    rows_o = np.array([len(requests) + o_index[e.offer] for e in edges])
    matrix = csr_matrix(
        (
            np.ones(2 * n),
            (np.concatenate([rows_r, rows_o]), np.concatenate([cols, cols])),
        ),
        shape=(len(requests) + len(offers), n),
    )
    upper = np.array([k] * len(requests) + [capacity[o] for o in offers], dtype=float)
    result = milp(
        c=-np.array([e.weight for e in edges]),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    if result.x is None:  # pragma: no cover - a b-matching always has a solution
        raise RuntimeError(f"the plan could not be solved: {result.message}")
    return [e for e, x in zip(edges, result.x, strict=True) if x > 0.5]


def brute_force(edges: list[Edge], capacity: dict[int, int], k: int) -> float:
    """The best total by trying every subset (tests only, a dozen edges)."""
    best = 0.0
    for mask in range(1 << len(edges)):
        chosen = [e for i, e in enumerate(edges) if mask >> i & 1]
        per_offer: dict[int, int] = {}
        per_request: dict[int, int] = {}
        for e in chosen:
            per_offer[e.offer] = per_offer.get(e.offer, 0) + 1
            per_request[e.request] = per_request.get(e.request, 0) + 1
        if all(c <= capacity.get(o, 0) for o, c in per_offer.items()) and all(
            c <= k for c in per_request.values()
        ):
            best = max(best, sum(e.weight for e in chosen))
    return best
