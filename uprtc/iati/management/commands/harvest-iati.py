"""Harvest the enabled IATI sources (configured in the admin): fetch each file
(conditional GET, timeout, size limit), import the activities its filter keeps,
leniently, as drafts or updates. One JSON line per source. --loop SECONDS repeats it,
for machines without Celery beat.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.iati.harvest import harvest_all
from uprtc.iati.models import IatiSource


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", metavar="NAME", help="only this source")
        parser.add_argument("--loop", type=int, metavar="SECONDS")

    def handle(self, *args: Any, **opts: Any) -> None:
        name = opts["source"]
        if name and not IatiSource.objects.filter(name=name).exists():
            raise CommandError(f"no IATI source is named {name!r}")
        while True:
            for run in harvest_all(name):
                line = {
                    "source": run.source.name,
                    "outcome": run.outcome,
                    **run.summary,
                }
                if run.error:
                    line["error"] = run.error
                self.stdout.write(json.dumps(line))
            if not opts["loop"]:
                return
            time.sleep(opts["loop"])
