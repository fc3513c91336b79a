from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from uprtc.search.index import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index: documents, embeddings of changed texts, "
        "full-text vectors and the did-you-mean vocabulary."
    )

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.perf_counter()
        bar: Any = None

        def progress(kind: str, done: int, total: int) -> None:
            nonlocal bar
            if not sys.stderr.isatty():
                return
            from tqdm import tqdm

            if bar is None or bar.desc != kind:
                if bar is not None:
                    bar.close()
                bar = tqdm(total=total, desc=kind, unit="doc", file=sys.stderr)
            bar.n = done
            bar.refresh()

        counts = rebuild(progress)
        if bar is not None:
            bar.close()
        self.stdout.write(f"reindexed {counts} in {time.perf_counter() - started:.1f}s")
