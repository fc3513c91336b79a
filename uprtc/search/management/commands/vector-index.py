"""The machine's vector file of the search index (shared by every process of this
machine): rebuild it if enough changed since it was written, or always with --rebuild;
--status prints its state.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from uprtc.embeddings import store
from uprtc.search import vectorfile


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="write a new file even if current"
        )
        parser.add_argument(
            "--status", action="store_true", help="only print the file's state"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["status"]:
            self.stdout.write(json.dumps(vectorfile.status()))
            return
        if opts["rebuild"]:
            path = vectorfile.path_for(vectorfile.identity())
            with vectorfile.machine_lock(path):
                header = vectorfile.build(path, progress=_progress())
            result = {
                "built": True,
                "rows": header["rows"],
                "seq": header["seq"],
                "seconds": header["seconds"],
            }
        else:
            result = vectorfile.refresh()
        # linking's stored vectors of large corpora have their files too
        result["stored"] = store.refresh_files()
        self.stdout.write(json.dumps(result))


def _progress() -> Any:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar = tqdm(unit="doc", file=sys.stderr, desc="vector file")

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update
