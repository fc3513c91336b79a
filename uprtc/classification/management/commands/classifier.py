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
            p.add_argument("--input", type=Path)
            p.add_argument("--text-column")
            p.add_argument("--labels-column")
            p.add_argument(
                "--from-database",
                action="store_true",
                help="learn from labelled recommendations and accepted "
                "suggestions (built-in taxonomies)",
            )
            p.add_argument("--separator", default=",")
        p = sub.add_parser("suggest")
        p.add_argument("--taxonomy", required=True)
        p.add_argument("--text", required=True)
        p.add_argument("--json", action="store_true")
        p.add_argument("--top", type=int, default=10)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "suggest":
            return self._suggest(opts)
        if opts["from_database"]:
            try:
                data = services.labelled_from_database(opts["taxonomy"])
            except KeyError:
                raise CommandError(
                    "--from-database needs a built-in taxonomy"
                ) from None
        else:
            data = self._from_file(opts)
        if data.unknown:
            shown = ", ".join(
                f"{k!r} ({n})" for k, n in list(data.unknown.items())[:10]
            )
            self.stdout.write(f"labels not in {opts['taxonomy']}, ignored: {shown}")
        if not data.texts:
            raise CommandError("no labelled text to learn from")
        if opts["action"] == "train":
            source = "database" if opts["from_database"] else str(opts["input"])
            version = services.train(opts["taxonomy"], data, source)
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

    def _from_file(self, opts: dict[str, Any]) -> services.Prepared:
        if not (opts["input"] and opts["text_column"] and opts["labels_column"]):
            raise CommandError(
                "give --input, --text-column and --labels-column, or --from-database"
            )
        try:
            texts, raw = read_labelled(
                opts["input"],
                opts["text_column"],
                opts["labels_column"],
                opts["separator"],
            )
        except (ImportFormatError, OSError) as exc:
            raise CommandError(f"{opts['input']}: {exc}") from exc
        return services.prepare(opts["taxonomy"], texts, raw)

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
