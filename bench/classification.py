"""Classification benchmark (issue 6).

1. UPR Info issues (54 labels, human-assigned): train on sessions 1–13, test
   on 14–17 (never a random split: texts recur). Baseline: TF-IDF + logistic
   regression, threshold 0.5.
2. Zero-shot, no training data: SDG goals on OHCHR's Slovenia cycle-3 list;
   UHRI themes on the Slovenia cycle-2 and -3 lists (older names mapped);
   SDG goals and targets on the IATI activities that carry publisher labels.
3. Throughput of suggestions on 2 cores.

    DEBUG=1 .venv/bin/python bench/classification.py
"""

from __future__ import annotations

import csv
import os
import time

import _common as bench
from _common import setup_django, shared_data


def upr_info() -> tuple[list[tuple[str, int, list[str]]], ...]:
    merged: dict[tuple[str, int], set[str]] = {}
    for name in ("1-5.csv", "6-9.csv", "10-13.csv", "14-17.csv"):
        with open(
            shared_data() / "upr-info-terman" / name, encoding="mac_roman", newline=""
        ) as fh:
            for row in csv.DictReader(fh):
                labels = {x.strip() for x in row["Issue"].split(",") if x.strip()}
                merged.setdefault(
                    (row["Text"].strip(), int(row["Session"])), set()
                ).update(labels)
    items = [(t, s, sorted(labels)) for (t, s), labels in merged.items() if labels]
    return [i for i in items if i[1] <= 13], [i for i in items if i[1] >= 14]


def baseline(train, test) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    mlb = MultiLabelBinarizer()
    y = mlb.fit_transform([i[2] for i in train])
    vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    model = OneVsRestClassifier(LogisticRegression(max_iter=1000, C=10)).fit(
        vec.fit_transform([i[0] for i in train]), y
    )
    pred = model.predict_proba(vec.transform([i[0] for i in test])) >= 0.5
    truth = mlb.transform([i[2] for i in test])
    return {
        "micro_f1": round(f1_score(truth, pred, average="micro"), 4),
        "macro_f1": round(f1_score(truth, pred, average="macro", zero_division=0), 4),
    }


def child() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from uprtc.classification import services

    train, test = upr_info()
    if os.environ.get("ZERO_SHOT_ONLY"):
        train, test = train[:0], test
    print(
        f"  UPR Info: {len(train)} training texts (sessions 1-13), {len(test)} test "
        f"texts (14-17)"
    )
    if train:
        supervised(services, train, test)
    zero_shot(services, test)


def supervised(services, train, test) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    print(
        f"  baseline TF-IDF + logistic regression: {baseline(train, test)} "
        f"({time.perf_counter() - t0:.0f}s)"
    )
    t0 = time.perf_counter()
    data = services.prepare(
        "upr-info-issues", [i[0] for i in train], [i[2] for i in train]
    )
    services.train("upr-info-issues", data, "bench")
    trained = time.perf_counter() - t0
    result = services.evaluate(
        "upr-info-issues",
        services.prepare("upr-info-issues", [i[0] for i in test], [i[2] for i in test]),
    )
    print(f"  uprtc supervised: {result.as_dict()} (trained in {trained:.0f}s)")


def zero_shot(services, test) -> None:  # type: ignore[no-untyped-def]
    from uprtc.demo.activities import DATA
    from uprtc.demo.iati_seed import read_seed
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE2, CYCLE3

    c3 = ohchr_docx.parse(CYCLE3).records
    c2 = ohchr_docx.parse(CYCLE2).records
    for name, records, taxonomy, attr in (
        ("SDG goals, Slovenia cycle 3", c3, "sdg-goals", "sdg_labels"),
        ("themes, Slovenia cycles 2-3", c2 + c3, "uhri-themes", "theme_labels"),
    ):
        data = services.prepare(
            taxonomy, [r.text for r in records], [getattr(r, attr) for r in records]
        )
        print(
            f"  zero-shot {name} ({len(data.texts)} texts): "
            f"{services.evaluate(taxonomy, data).as_dict()}"
        )
    seeds = [s for s in read_seed(DATA) if s.sdg_goals]
    texts = [f"{s.title}\n{s.description}" for s in seeds]
    for taxonomy, labels in (
        ("sdg-goals", [[str(g) for g in s.sdg_goals] for s in seeds]),
        ("sdg-targets", [s.sdg_targets for s in seeds]),
    ):
        data = services.prepare(taxonomy, texts, labels)
        print(
            f"  zero-shot {taxonomy}, IATI activities ({len(data.texts)} texts): "
            f"{services.evaluate(taxonomy, data).as_dict()}"
        )
    sample = [i[0] for i in test[:500]]
    t0 = time.perf_counter()
    services.scores("sdg-targets", sample)
    print(
        f"  throughput: {len(sample) / (time.perf_counter() - t0):.0f} texts/s "
        "(sdg-targets, zero-shot, batch of 500)"
    )


if __name__ == "__main__":
    bench.main(__file__, lambda args: child())
