"""Write one tar.gz archive with the database, the uploads (MEDIA_ROOT) and a manifest
(time, version, migrations, checksums). The last line of output is JSON with the
archive's path.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help="archive path (default: VAR_DIR/backups/uprtc-<UTC time>.tar.gz)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"] or Path(settings.VAR_DIR, "backups") / (
            dt.datetime.now(dt.UTC).strftime("uprtc-%Y%m%dT%H%M%SZ.tar.gz")
        )
        try:
            manifest = create_backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            json.dumps(
                {
                    "archive": str(out),
                    "engine": manifest["engine"],
                    "files": len(manifest["files"]),
                    "created_at": manifest["created_at"],
                }
            )
        )
