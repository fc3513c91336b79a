"""Restore an archive written by `uprtc backup`: verify its checksums, refuse one whose
migrations are ahead of this code, then replace the database and the uploads. Run `uprtc
migrate` afterwards if the archive is older than the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            json.dumps(
                {
                    "restored": str(options["archive"]),
                    "created_at": manifest["created_at"],
                    "version": manifest["version"],
                }
            )
        )
