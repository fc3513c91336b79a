from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.classification import services
from uprtc.classification.files import read_labelled
from uprtc.recommendations.importers.base import ImportFormatError


class Command(BaseCommand):
    help = "Train, evaluate or ask a classifier (themes, SDG goals and targets …)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for action in ("train", "evaluate"):
            p = sub.add_parser(action)
            p.add_argument("--taxonomy", required=True)
            p.add_argument("--input", required=True, type=Path)
            p.add_argument("--text-column", required=True)
            p.add_argument("--labels-column", required=True)
            p.add_argument("--separator", default=",")
        p = sub.add_parser("suggest")
        p.add_argument("--taxonomy", required=True)
        p.add_argument("--text", required=True)
        p.add_argument("--json", action="store_true")
        p.add_argument("--top", type=int, default=10)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "suggest":
            return self._suggest(opts)
        try:
            texts, raw = read_labelled(
                opts["input"],
                opts["text_column"],
                opts["labels_column"],
                opts["separator"],
            )
        except (ImportFormatError, OSError) as exc:
            raise CommandError(f"{opts['input']}: {exc}") from exc
        data = services.prepare(opts["taxonomy"], texts, raw)
        if data.unknown:
            shown = ", ".join(
                f"{k!r} ({n})" for k, n in list(data.unknown.items())[:10]
            )
            self.stdout.write(f"labels not in {opts['taxonomy']}, ignored: {shown}")
        if not data.texts:
            raise CommandError("no labelled text to learn from")
        if opts["action"] == "train":
            version = services.train(opts["taxonomy"], data, str(opts["input"]))
            self.stdout.write(
                json.dumps(
                    {
                        "taxonomy": version.taxonomy,
                        "version": version.version,
                        "texts": version.trained_on,
                        "labels": len(version.labels),
                    }
                )
            )
            return None
        result = services.evaluate(opts["taxonomy"], data)
        self.stdout.write(json.dumps(result.as_dict()))
        return None

    def _suggest(self, opts: dict[str, Any]) -> None:
        try:
            ranked = services.suggest(opts["taxonomy"], opts["text"], opts["top"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    [{"label": label, "confidence": conf} for label, conf in ranked],
                    ensure_ascii=False,
                )
            )
        else:
            for label, conf in ranked:
                self.stdout.write(f"{conf:.3f}  {label}")
