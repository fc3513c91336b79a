"""Write every published activity as an IATI 2.03 activity file, to standard output or
to --out FILE.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from uprtc.iati.export import export_iati


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, metavar="FILE")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["out"] is None:
            # bytes straight to the terminal or pipe; a text stream (as
            # call_command's stdout=) gets the decoded text
            target = getattr(self.stdout._out, "buffer", None)
            for chunk in export_iati():
                if target is not None:
                    target.write(chunk)
                else:
                    self.stdout.write(chunk.decode(), ending="")
            self.stdout.flush()
            return
        with opts["out"].open("wb") as handle:
            for chunk in export_iati():
                handle.write(chunk)
