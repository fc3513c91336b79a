"""Compute the stored vectors of a model for the corpora (missing or stale ones only, so
a killed run resumes where it stopped).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from uprtc import embeddings
from uprtc.embeddings import corpora, store


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--model", default="e5", choices=sorted(embeddings.MODELS))
        parser.add_argument(
            "--what",
            action="append",
            type=_corpus,
            help="a corpus (repeatable): recommendations, activities, requests, "
            "offers (singular works too); all four by default",
        )
        parser.add_argument("--batch", type=int, default=store.BATCH)
        parser.add_argument(
            "--status", action="store_true", help="only print how many are current"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        model = opts["model"]
        if opts["status"]:
            self.stdout.write(json.dumps(store.coverage(model)))
            return
        if opts["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        summary = {}
        for kind in opts["what"] or list(corpora.CORPORA):
            bar = _bar(f"{model} {kind}")
            result = store.refresh(
                model, kind, progress=bar.update if bar else None, batch=opts["batch"]
            )
            if bar:
                bar.close()
            summary[kind] = result.as_dict()
            self.stderr.write(
                f"{kind}: {result.embedded} embedded, {result.current} already current"
            )
        self.stdout.write(json.dumps({"model": model, **summary}))


def _corpus(value: str) -> str:
    name = value.strip().lower()
    if name not in corpora.CORPORA and name.endswith("ies"):
        name = name[:-3] + "y"
    elif name not in corpora.CORPORA and name.endswith("s"):
        name = name[:-1]
    if name not in corpora.CORPORA:
        raise argparse.ArgumentTypeError(
            f"unknown corpus {value!r}; known: recommendations, activities, "
            "requests, offers"
        )
    return name


class _Bar:
    def __init__(self, desc: str) -> None:
        self.desc = desc
        self.bar: Any = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(total=total, desc=self.desc, unit="text", file=sys.stderr)
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _bar(desc: str) -> _Bar | None:
    return _Bar(desc) if sys.stderr.isatty() else None
