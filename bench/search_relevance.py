"""Relevance benchmark (issue 4): the 169 SDG targets are loaded as English
activities and published through the real workflow; each target's text in
French, Spanish, Arabic, Chinese and Russian (845 queries) is searched through
the product's own search. Prints recall@1 per language and overall.

    DEBUG=1 .venv/bin/python bench/search_relevance.py [--db sqlite|postgres]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import _common as bench
from _common import sdg_targets, setup_django

LANGS = ["fr", "es", "ar", "zh", "ru"]


def child() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from uprtc.activities import consent, services
    from uprtc.activities.services import ActivityData
    from uprtc.actors.services import add_user
    from uprtc.countries.models import Country
    from uprtc.search.engine import recall_at_1
    from uprtc.search.services import search

    rows = sdg_targets()
    cso = add_user(
        "bench@cso.org", org_name="Bench CSO", org_type="cso", role="contributor"
    )
    mod = add_user(
        "bench@ohchr.org", org_name="OHCHR", org_type="un-entity", role="moderator"
    ).user
    fp = add_user(
        "bench@gov.si",
        org_name="Slovenia",
        org_type="state",
        country_iso3="SVN",
        role="focal-point",
    ).user
    svn = Country.objects.get(iso3="SVN")
    started = time.perf_counter()
    expected = {}
    for row in rows:
        activity = services.create_activity(
            cso.user,
            cso.organization,
            ActivityData(
                title=f"Target {row['code']}",
                description=row["text_en"],
                concerned_states=[svn],
            ),
        )
        services.submit_activity(cso.user, activity)
        services.approve_submission(mod, activity)
        consent.grant_consent(fp, activity, svn)
        expected[row["code"]] = activity.pk
    print(f"  loaded {len(rows)} activities in {time.perf_counter() - started:.1f}s")
    firsts, wanted = defaultdict(list), defaultdict(list)
    timings = []
    for lang in LANGS:
        for row in rows:
            t0 = time.perf_counter()
            result = search(
                row[f"text_{lang}"],
                kind="activity",
                language=lang if lang != "zh" else "zh",
            )
            timings.append(time.perf_counter() - t0)
            firsts[lang].append(result.hits[0].object_id if result.hits else -1)
            wanted[lang].append(expected[row["code"]])
    total_hits = []
    for lang in LANGS:
        score = recall_at_1(firsts[lang], wanted[lang])
        total_hits += [f == w for f, w in zip(firsts[lang], wanted[lang], strict=True)]
        print(f"  recall@1 {lang}: {score:.3f} ({len(rows)} queries)")
    timings.sort()
    print(
        f"  recall@1 all: {sum(total_hits) / len(total_hits):.3f} "
        f"({len(total_hits)} queries); "
        f"query p50 {timings[len(timings) // 2] * 1000:.1f} ms,"
        f" p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms"
    )


def run(args: argparse.Namespace) -> None:
    print(f"[{args.db}]")
    child()


if __name__ == "__main__":
    bench.main(__file__, run, ("sqlite", "postgres"))
