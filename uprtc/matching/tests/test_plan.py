"""The coordinated plan is exact: equal to brute force on small instances."""

from hypothesis import given, settings
from hypothesis import strategies as st

from uprtc.matching.plan import Edge, brute_force, solve


@st.composite
def instances(draw):
    n_requests = draw(st.integers(1, 4))
    n_offers = draw(st.integers(1, 4))
    pairs = draw(
        st.sets(
            st.tuples(st.integers(1, n_requests), st.integers(1, n_offers)),
            min_size=1,
            max_size=10,
        )
    )
    edges = []
    for r, o in sorted(pairs):
        score = draw(st.floats(0.01, 1.0))
        priority = draw(st.sampled_from([1.0, 1.25]))
        edges.append(Edge(r, o, score, score * priority))
    capacity = {o: draw(st.integers(0, 3)) for o in range(1, n_offers + 1)}
    return edges, capacity, draw(st.integers(1, 3))


@settings(max_examples=150, deadline=None)
@given(instances())
def test_the_plan_equals_brute_force_and_respects_capacity(instance):
    edges, capacity, k = instance
    chosen = solve(edges, capacity, k)
    assert abs(sum(e.weight for e in chosen) - brute_force(edges, capacity, k)) < 1e-6
    for offer, cap in capacity.items():
        assert sum(1 for e in chosen if e.offer == offer) <= cap
    for request in {e.request for e in edges}:
        assert sum(1 for e in chosen if e.request == request) <= k


def test_priority_breaks_a_tie_in_favour_of_an_ldc():
    edges = [Edge(1, 1, 0.5, 0.5), Edge(2, 1, 0.5, 0.5 * 1.25)]
    assert [e.request for e in solve(edges, {1: 1}, k=1)] == [2]
