"""Speed at scale (issue 4): 250,000 recommendations and 50,000 published
activities generated from real texts (UPR Info recommendations, the IATI
activities of the demo, the SDG targets), then a mix of realistic queries —
words in six languages, short words, with and without facet filters — timed
through ``uprtc.search.services.search``. Prints p50 and p95 per database.

    DEBUG=1 .venv/bin/python bench/search_scale.py [--db sqlite|postgres]
        [--recommendations 250000] [--activities 50000] [--keep NAME]

Embeddings of the ~35k distinct source texts are computed once and cached in
var/bench/; a generated record built from a source text gets its vector with
a little noise, so vectors are spread as real ones are."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import time
from typing import Any

import numpy as np
from _common import REPO, machine, run_children, sdg_targets, setup_django, shared_data

from uprtc.activities.choices import Modality

CACHE = REPO / "var" / "bench"
MODALITIES = list(Modality.values)
COOPERATION = ["bilateral", "regional", "multilateral", "south-south", "triangular"]
FUNDING = [
    "vf-technical-cooperation",
    "vf-upr-implementation",
    "bilateral",
    "multilateral",
    "own-resources",
]
STATUS = ["pipeline", "implementation", "closed"]


def source_texts() -> tuple[list[str], list[str], list[dict[str, str]]]:
    data = shared_data()
    recs: list[str] = []
    for name in ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv"):
        with open(
            data / "upr-info-terman" / name, encoding="mac_roman", newline=""
        ) as fh:
            recs.extend(row["Text"] for row in csv.DictReader(fh))
    recs = list(dict.fromkeys(t for t in recs if t.strip()))
    from uprtc.demo.activities import DATA
    from uprtc.demo.iati_seed import read_seed

    acts = [f"{s.title}\n{s.description}" for s in read_seed(DATA)]
    sdg = sdg_targets()
    return recs, acts, sdg


def vectors_for(texts: list[str], name: str) -> np.ndarray:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{len(texts)}.npy"
    if path.exists():
        return np.load(path)
    from uprtc import embeddings

    started = time.perf_counter()
    out = np.concatenate(
        [embeddings.embed(texts[i : i + 512]) for i in range(0, len(texts), 512)]
    )
    print(
        f"  embedded {len(texts)} {name} texts in {time.perf_counter() - started:.0f}s"
    )
    np.save(path, out)
    return out


def generate(n_recs: int, n_acts: int) -> None:
    from django.db import connection

    from uprtc import embeddings
    from uprtc.countries.models import Country
    from uprtc.search.index import _pg_vectors
    from uprtc.search.models import SearchCounter, SearchDocument
    from uprtc.search.text import cjk_grams, fold
    from uprtc.taxonomies.models import Theme

    rng = random.Random(54)
    recs, acts, _sdg = source_texts()
    rec_vectors = vectors_for(recs, "recommendations")
    act_vectors = vectors_for(acts, "activities")
    countries = list(Country.objects.states().select_related("region"))
    themes = list(Theme.objects.values_list("slug", flat=True))
    started = time.perf_counter()
    docs = []

    noise = np.random.default_rng(54)

    def vector(base: np.ndarray) -> bytes:
        noisy = base + noise.normal(0, 0.02, base.shape).astype(np.float32)
        return embeddings.to_bytes(noisy / np.linalg.norm(noisy))

    def place(chosen: list) -> dict[str, list[str]]:
        return {
            "country": sorted({c.iso3 for c in chosen}),
            "region": sorted({c.region.m49 for c in chosen if c.region_id}),
            "group": sorted({c.regional_group for c in chosen if c.regional_group}),
        }

    for i in range(n_recs):
        k = i % len(recs)
        text = (
            recs[k] if i < len(recs) else f"{recs[k]} {recs[(k * 7) % len(recs)][:80]}"
        )
        facets = place([rng.choice(countries)])
        facets.update(
            theme=rng.sample(themes, rng.randint(1, 3)), sdg=[str(rng.randint(1, 17))]
        )
        docs.append(
            SearchDocument(
                kind="recommendation",
                object_id=i + 1,
                title="",
                text=text,
                cjk="",
                folded=fold(text),
                language="en",
                cycle=rng.randint(1, 4),
                response="supported" if rng.random() < 0.74 else "noted",
                facets=facets,
                embedding=vector(rec_vectors[k]),
                seq=1,
            )
        )
    for i in range(n_acts):
        k = i % len(acts)
        base, vec = (
            (acts[k], act_vectors[k])
            if i % 3 == 0
            else (recs[(i * 13) % len(recs)], rec_vectors[(i * 13) % len(recs)])
        )
        title, _, body = base.partition("\n")
        title = title[:200] if body else f"Support to implement: {title[:120]}"
        facets = place(rng.sample(countries, rng.choice([1, 1, 1, 2])))
        year = rng.randint(2012, 2026)
        facets.update(
            theme=rng.sample(themes, rng.randint(1, 3)),
            sdg=[str(rng.randint(1, 17))],
            org_type=[rng.choice(["state", "cso", "un-entity", "nhri"])],
            year=[str(year)],
        )
        docs.append(
            SearchDocument(
                kind="activity",
                object_id=i + 1,
                title=title,
                text=body or base,
                cjk=" ".join(cjk_grams(base)),
                folded=fold(base),
                language="en",
                date=dt.date(year, 1 + i % 12, 1),
                modality=rng.choice(MODALITIES),
                cooperation_type=rng.choice(COOPERATION),
                funding_source=rng.choice(FUNDING),
                status=rng.choice(STATUS),
                facets=facets,
                embedding=vector(vec),
                seq=1,
            )
        )
    SearchDocument.objects.bulk_create(docs, batch_size=5000)
    SearchCounter.objects.update_or_create(pk=1, defaults={"value": 1})
    if connection.vendor == "postgresql":
        ids = list(SearchDocument.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 20000):
            _pg_vectors(ids[start : start + 20000])
        with connection.cursor() as cursor:
            for table in ("searchdocument", "tsv_simple", "tsv_lang"):
                cursor.execute(f"VACUUM ANALYZE search_{table}")
    print(
        f"  generated {n_recs} recommendations and {n_acts} activities "
        f"in {time.perf_counter() - started:.0f}s"
    )


def run_query(q: dict) -> Any:
    """One of ``queries()`` through ``search()``, as the search page asks it."""
    from uprtc.search.services import search

    return search(
        q["q"],
        kind=q.get("kind"),
        filters=q.get("filters"),
        sort=q.get("sort", "relevance"),
        language=q.get("language", "en"),
    )


def queries(rng: random.Random) -> list[dict]:
    recs, _acts, sdg = source_texts()
    out = []
    for _ in range(120):  # phrases of real recommendations
        words = rng.choice(recs).split()
        start = rng.randint(0, max(0, len(words) - 5))
        out.append({"q": " ".join(words[start : start + rng.randint(2, 5)])})
    for _ in range(50):  # other languages
        row = rng.choice(sdg)
        lang = rng.choice(["fr", "es", "ar", "zh", "ru"])
        text = row[f"text_{lang}"]
        out.append(
            {
                "q": text[:20] if lang == "zh" else " ".join(text.split()[:6]),
                "language": lang,
            }
        )
    for word in [
        "torture",
        "Roma",
        "NHRI",
        "妇女",
        "人权",
        "пытки",
        "التعذيب",
        "education",
        "migrants",
        "death penalty",
        "children",
        "torture",
    ] * 3:
        out.append({"q": word})
    for q in out:
        r = rng.random()
        if r < 0.25:
            q["filters"] = {
                "country": [rng.choice(["SVN", "BRA", "KEN", "IND", "FRA"])]
            }
        elif r < 0.4:
            q["kind"] = rng.choice(["activity", "recommendation"])
        elif r < 0.5:
            q["filters"] = {"theme": ["violence-against-women"]}
        if rng.random() < 0.2:
            q["sort"] = "date"
    return out


def child(n_recs: int, n_acts: int) -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from uprtc.search import memindex
    from uprtc.search.models import SearchDocument
    from uprtc.search.services import search

    if SearchDocument.objects.exists():
        print("  reusing the documents of the kept database")
    else:
        generate(n_recs, n_acts)
    started = time.perf_counter()
    index = memindex.current()
    if index.snapshot is not None:
        # the machine's vector file: mapped, then every page read once, so
        # that it is in the page cache (a search unmaps the file's pages from
        # the process after it; the next one maps them again from the cache)
        index.snapshot.page_in()
    print(
        f"  index: {len(index)} documents loaded in "
        f"{time.perf_counter() - started:.1f}s; peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )
    search("warm up")
    load = f"{os.getloadavg()[0]:.2f}"
    timings, estimated = [], 0
    for q in queries(random.Random(16)):
        t0 = time.perf_counter()
        result = run_query(q)
        timings.append((time.perf_counter() - t0) * 1000)
        estimated += not result.total_exact
    print(f"  {len(timings)} queries: {_percentiles(timings)}")
    print(f"  load average {load} before, {os.getloadavg()[0]:.2f} after")
    print(f"  {estimated} of them with a lower-bound count (words in > 10,000)")
    print(f"  full text alone, same queries again: {_percentiles(_fulltext_times())}")


def _fulltext_times() -> list[float]:
    """The database's share: ``fulltext.find`` alone, as ``search`` calls it."""
    from uprtc.search import fulltext
    from uprtc.search.text import detect_language

    timings = []
    for q in queries(random.Random(16)):
        language = detect_language(q["q"], q.get("language", "en"))
        t0 = time.perf_counter()
        fulltext.find(q["q"], language)
        timings.append((time.perf_counter() - t0) * 1000)
    return timings


def _percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    n = len(timings)
    return (
        f"p50 {timings[n // 2]:.1f} ms, p95 {timings[int(n * 0.95)]:.1f} ms, "
        f"max {timings[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"])
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument(
        "--keep",
        default="",
        help="database (PostgreSQL name or SQLite path) kept between runs: "
        "generated once, reused after",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(f"[{args.db}]")
        child(args.recommendations, args.activities)
        return
    print(machine())
    run_children(
        __file__,
        [args.db] if args.db else ["sqlite", "postgres"],
        [
            "--recommendations",
            str(args.recommendations),
            "--activities",
            str(args.activities),
        ],
        keep=args.keep,
    )


if __name__ == "__main__":
    main()
