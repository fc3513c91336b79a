from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from uprtc.core import tasks


class Command(BaseCommand):
    help = (
        "Work the task outbox without Celery: run every queued task here "
        "(TASKS_INLINE=false and no broker). With a broker, --send hands the "
        "queued tasks to Celery instead (what beat does every minute)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep polling")
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument("--send", action="store_true", help="send to Celery")

    def handle(self, *args: Any, **opts: Any) -> None:
        while True:
            done = tasks.send_outbox() if opts["send"] else tasks.run_pending()
            if done:
                self.stdout.write(f"{done} task(s)")
            if not opts["loop"]:
                return
            time.sleep(opts["interval"])
