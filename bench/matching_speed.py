"""Matchmaking speed (issue 5): rank 10,000 offers for one request, and the
coordinated plan for 10,000 requests × 10,000 offers.

Offers and requests are generated from real texts (IATI activity
descriptions as expertise, UPR Info recommendations as needs, with the
cached embeddings of bench/search_scale.py) and random but plausible
attributes. Pure engine: no database.

    .venv/bin/python bench/matching_speed.py [--offers 10000] [--requests 10000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

import numpy as np
from _common import REPO, machine

sys.path.insert(0, str(REPO))
from uprtc.activities.choices import Modality  # noqa: E402

CACHE = REPO / "var" / "bench"
LANGS = ["en", "fr", "es", "ar", "ru", "zh", "pt"]
THEMES = [f"t{i}" for i in range(60)]
MODALITIES = list(Modality.values)
STATES = [
    (
        f"S{i:03d}",
        str(i % 5),
        str(100 + i % 22),
        [
            "african",
            "asia-pacific",
            "eastern-european",
            "latin-american-caribbean",
            "western-european-others",
        ][i % 5],
    )
    for i in range(193)
]


def vectors(name: str, fallback: int) -> np.ndarray:
    found = sorted(CACHE.glob(f"{name}-*.npy"))
    if found:
        return np.load(found[-1])
    rng = np.random.default_rng(1)
    v = rng.normal(size=(fallback, 512)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def generate(n_offers: int, n_requests: int):  # type: ignore[no-untyped-def]
    from uprtc.matching.engine import OfferData, RequestData

    rng = random.Random(7)
    nrng = np.random.default_rng(7)
    recs, acts = vectors("recommendations", 5000), vectors("activities", 500)

    def noisy(v: np.ndarray) -> np.ndarray:
        w = v + nrng.normal(0, 0.03, v.shape).astype(np.float32)
        return w / np.linalg.norm(w)

    offers = []
    for i in range(n_offers):
        state = rng.choice(STATES)
        area = rng.random()
        offers.append(
            OfferData(
                id=i,
                provider_state=state[0] if rng.random() < 0.3 else "",
                provider_country=state[0],
                provider_region=state[1],
                provider_group=state[3],
                languages=frozenset(rng.sample(LANGS, rng.randint(1, 3))),
                countries=frozenset(s[0] for s in rng.sample(STATES, 5))
                if area < 0.3
                else frozenset(),
                regions=frozenset([rng.choice(STATES)[1]])
                if 0.3 <= area < 0.6
                else frozenset(),
                capacity=rng.randint(1, 5),
                themes=frozenset(rng.sample(THEMES, 3)),
                sdgs=frozenset(str(rng.randint(1, 17)) for _ in range(2)),
                modalities=frozenset(rng.sample(MODALITIES, 2)),
                funding=rng.random() < 0.4,
                vector=noisy(
                    acts[i % len(acts)] if i % 2 else recs[(i * 7) % len(recs)]
                ),
                record_themes=frozenset(rng.sample(THEMES, 2)),
                record_countries=frozenset([rng.choice(STATES)[0]]),
            )
        )
    requests = []
    for i in range(n_requests):
        state = rng.choice(STATES)
        requests.append(
            RequestData(
                id=i,
                state=state[0],
                region=state[1],
                subregion=state[2],
                group=state[3],
                priority=rng.random() < 0.25,
                languages=frozenset(rng.sample(LANGS, rng.randint(1, 2))),
                themes=frozenset(rng.sample(THEMES, 2)),
                sdgs=frozenset([str(rng.randint(1, 17))]),
                modalities=frozenset(rng.sample(MODALITIES, 1)),
                recommending_states=frozenset(s[0] for s in rng.sample(STATES, 3)),
                needs_funding=rng.random() < 0.6,
                vector=noisy(recs[i % len(recs)]),
            )
        )
    return offers, requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    from uprtc.matching import plan
    from uprtc.matching.matrix import OfferMatrix
    from uprtc.matching.plan import CANDIDATES

    print(machine())
    offers, requests = generate(args.offers, args.requests)
    started = time.perf_counter()
    matrix = OfferMatrix(offers)
    print(
        f"  offer matrix of {len(offers)} offers built in "
        f"{time.perf_counter() - started:.1f}s"
    )
    timings = []
    for request in requests[:200]:
        t0 = time.perf_counter()
        matrix.rank(request)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(
        f"  rank {len(offers)} offers for one request: p50 {timings[100]:.1f} ms, "
        f"p95 {timings[190]:.1f} ms"
    )
    started = time.perf_counter()
    edges = []
    for request in requests:
        ranked = matrix.rank(request, limit=CANDIDATES)
        weight = 1.25 if request.priority else 1.0
        edges.extend(
            plan.Edge(request.id, int(o), float(s), float(s) * weight)
            for o, s in zip(ranked.offer_ids, ranked.scores, strict=True)
            if s >= 0.25
        )
    scored = time.perf_counter() - started
    chosen = plan.solve(edges, {o.id: o.capacity - o.engaged for o in offers}, k=3)
    total = time.perf_counter() - started
    print(
        f"  plan {len(requests)} requests x {len(offers)} offers: {len(edges)} "
        f"candidate pairs scored in {scored:.1f}s, solved in {total - scored:.1f}s, "
        f"total {total:.1f}s; {len(chosen)} proposals; peak memory "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
