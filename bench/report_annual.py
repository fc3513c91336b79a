"""Annual report at scale (issue 8): 50,000 activities published in one year,
bulk-inserted with their consents, themes, goals and organizations, then the
full-year report timed per format. Goal: under 30 s for docx + pdf + html.

    DEBUG=1 .venv/bin/python bench/report_annual.py [--db sqlite|postgres]
        [--activities 50000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path

from _common import PG_ADMIN, machine, run_children, setup_django

MODALITIES = ["advisory-services", "training", "legislative-review", "peer-exchange"]
COOPERATION = ["bilateral", "regional", "multilateral", "south-south"]
FUNDING = ["vf-technical-cooperation", "vf-upr-implementation", "bilateral", ""]
STATUS = ["pipeline", "implementation", "closed"]
YEAR = 2025


def generate(n: int) -> None:
    from uprtc.activities.models import Activity, ActivityOrganization, Consent
    from uprtc.actors.models import Organization
    from uprtc.countries.models import Country
    from uprtc.taxonomies.models import SdgGoal, Theme

    rng = random.Random(828)
    started = time.perf_counter()
    states = list(Country.objects.states().values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    goals = list(SdgGoal.objects.values_list("pk", flat=True))
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Organization {i}", org_type=rng.choice(["cso", "un-entity",
                     "nhri", "academia"])) for i in range(300)
    )  # fmt: skip
    first = dt.datetime(YEAR, 1, 1, tzinfo=dt.UTC)
    Activity.objects.bulk_create(
        (
            Activity(
                title=f"Capacity-building activity {i} on the follow-up of UPR "
                "recommendations",
                description="Workshops, advice and peer exchange.",
                review="approved",
                modality=rng.choice(MODALITIES),
                cooperation_type=rng.choice(COOPERATION),
                funding_source=rng.choice(FUNDING),
                implementation_status=rng.choice(STATUS),
                start_date=dt.date(YEAR, 1 + i % 12, 1),
                end_date=dt.date(YEAR + 1, 1 + i % 12, 1),
                good_practice=i % 97 == 0,
                published_at=first + dt.timedelta(minutes=i * 10),
                created_at=first,
                updated_at=first + dt.timedelta(minutes=i * 10),
            )
            for i in range(n)
        ),
        batch_size=5000,
    )
    ids = list(Activity.objects.values_list("pk", flat=True))
    Consent.objects.bulk_create(
        (
            Consent(activity_id=a, country_id=c, status="granted")
            for a in ids
            for c in rng.sample(states, rng.choice([1, 1, 1, 2]))
        ),
        batch_size=5000,
    )
    through = {
        "themes": (Activity.themes.through, "theme_id", themes),
        "sdg_goals": (Activity.sdg_goals.through, "sdggoal_id", goals),
    }
    for model, column, pool in through.values():
        model.objects.bulk_create(
            (model(activity_id=a, **{column: p}) for a in ids
             for p in rng.sample(pool, rng.randint(1, 2))),
            batch_size=5000,
        )  # fmt: skip
    ActivityOrganization.objects.bulk_create(
        (ActivityOrganization(activity_id=a, organization=rng.choice(orgs),
                              role="implementer") for a in ids),
        batch_size=5000,
    )  # fmt: skip
    print(f"  generated {n} published activities in "
          f"{time.perf_counter() - started:.0f}s")  # fmt: skip


def child(args: argparse.Namespace) -> None:
    setup_django()
    from django.core.management import call_command

    from uprtc.reports.services import build_annual_report

    call_command("migrate", verbosity=0)
    generate(args.activities)
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    timings = {}
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        for fmt in ("html", "docx", "pdf"):
            t0 = time.perf_counter()
            written = build_annual_report(61, start, end, "en", [fmt], Path(out))
            timings[fmt] = time.perf_counter() - t0
            size = written[fmt].stat().st_size / 1e6
            print(f"  {fmt}: {timings[fmt]:.1f} s, {size:.1f} MB")
        separate = time.perf_counter() - started
        t0 = time.perf_counter()
        build_annual_report(61, start, end, "en", ["html", "docx", "pdf"], Path(out))
        together = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {args.db}: three formats in one build {together:.1f} s "
          f"(each alone: {separate:.1f} s, figures gathered each time); "
          f"peak memory {peak:.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"])
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    print(machine())
    db = args.db or "sqlite"
    # a database of its own on PostgreSQL, fresh each time: the shared
    # "uprtc_bench" may be another benchmark's, in use
    keep = PG_NAME if db == "postgres" else ""
    if keep:
        drop_pg_database()
    try:
        run_children(__file__, [db], ["--activities", str(args.activities)], keep=keep)
    finally:
        if keep:
            drop_pg_database()


PG_NAME = "uprtc_report_annual"


def drop_pg_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
