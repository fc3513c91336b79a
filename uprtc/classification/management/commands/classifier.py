"""Train, evaluate or ask a classifier (themes, SDG goals and targets …)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uprtc.classification import services
from uprtc.classification.files import read_labelled
from uprtc.classification.models import ClassifierVersion
from uprtc.classification.taxonomies import LabelMapError, read_label_map
from uprtc.recommendations.importers.base import ImportFormatError


class Command(BaseCommand):
    help = __doc__

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
            p.add_argument(
                "--label-map",
                type=Path,
                help="CSV (source label, target label(s) separated by |): "
                "labels of another vocabulary mapped to the taxonomy's",
            )
            p.add_argument(
                "--themes-column",
                help="with --taxonomy sdg-goals: a column of UHRI themes; rows "
                "carrying both teach the table deriving SDG goals from themes",
            )
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
            if opts.get("themes_column"):
                self._train_derivation(opts, data)
            self._trained(version)
            return None
        result = services.evaluate(opts["taxonomy"], data)
        self.stdout.write(json.dumps(result.as_dict()))
        return None

    def _from_file(self, opts: dict[str, Any]) -> services.Prepared:
        if not (opts["input"] and opts["text_column"] and opts["labels_column"]):
            raise CommandError(
                "give --input, --text-column and --labels-column, or --from-database"
            )
        label_map = None
        if opts.get("label_map"):
            try:
                label_map = read_label_map(opts["label_map"], opts["taxonomy"])
            except (LabelMapError, ImportFormatError, OSError) as exc:
                raise CommandError(f"{opts['label_map']}: {exc}") from exc
        texts, raw = _read(opts, opts["labels_column"])
        return services.prepare(opts["taxonomy"], texts, raw, label_map)

    def _train_derivation(self, opts: dict[str, Any], data: services.Prepared) -> None:
        target = opts["taxonomy"]
        if target not in services.DERIVED or not opts["input"]:
            raise CommandError(
                "--themes-column goes with --taxonomy sdg-goals and --input"
            )
        texts, raw = _read(opts, opts["themes_column"])
        themes = services.prepare(services.DERIVED[target], texts, raw)
        by_text = dict(zip(themes.texts, themes.labels, strict=True))
        sources = [by_text.get(t, []) for t in data.texts]
        version = services.train_derivation(
            target, sources, data.labels, str(opts["input"])
        )
        if version is None:
            raise CommandError("no row carries both themes and SDG goals")
        self._trained(version)

    def _trained(self, version: ClassifierVersion) -> None:
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


def _read(
    opts: dict[str, Any], labels_column: str
) -> tuple[list[str], list[list[str]]]:
    """The input file's texts and the labels of one column, or a CommandError
    naming the file."""
    try:
        return read_labelled(
            opts["input"], opts["text_column"], labels_column, opts["separator"]
        )
    except (ImportFormatError, OSError) as exc:
        raise CommandError(f"{opts['input']}: {exc}") from exc
