"""Work the task outbox without Celery: run every queued task here (TASKS_INLINE=false
and no broker). With a broker, --send hands the queued tasks to Celery instead (what
beat does every minute).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from uprtc.core import tasks
from uprtc.core.polling import PollingCommand


class Command(PollingCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--send", action="store_true", help="send to Celery")

    def work(self, **opts: Any) -> str:
        done = tasks.send_outbox() if opts["send"] else tasks.run_pending()
        return f"{done} task(s)" if done else ""
