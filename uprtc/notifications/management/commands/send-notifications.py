"""What beat does for notifications, for a deployment without a broker (run it from
cron): retry the immediate e-mails that failed, every five minutes; with --digests, send
the daily digests, once a day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from uprtc.notifications.services import retry_emails, send_digests


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--digests", action="store_true", help="daily digests")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["digests"]:
            self.stdout.write(f"{send_digests()} digest(s) sent")
        else:
            self.stdout.write(f"{retry_emails()} e-mail(s) sent on retry")
