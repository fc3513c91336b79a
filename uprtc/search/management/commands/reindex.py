"""Rebuild the search index: documents, embeddings of changed texts, full-text vectors
and the did-you-mean vocabulary; then the stored vectors of the other embedding models
(missing or stale ones).
"""

from __future__ import annotations

import sys
import time
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from uprtc import embeddings
from uprtc.embeddings import corpora, store
from uprtc.search.index import rebuild


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--models",
            default=",".join(("usem3", *embeddings.STORED)),
            help="comma-separated: usem3 rebuilds the search index; e5 brings "
            "its stored vectors up to date (missing or stale only)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        models = [m.strip() for m in opts["models"].split(",") if m.strip()]
        for name in models:
            if name not in embeddings.MODELS:
                raise CommandError(
                    f"--models: unknown model {name!r}; known: "
                    f"{', '.join(embeddings.MODELS)}"
                )
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

        counts: dict[str, Any] = {}
        if "usem3" in models:
            counts = rebuild(progress)
        for name in models:
            if name in embeddings.STORED:
                for kind in corpora.CORPORA:
                    result = store.refresh(
                        name, kind, progress=partial(progress, f"{name} {kind}")
                    )
                    counts[f"{name}:{kind}"] = result.embedded
        if bar is not None:
            bar.close()
        self.stdout.write(f"reindexed {counts} in {time.perf_counter() - started:.1f}s")
