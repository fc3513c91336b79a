"""The built-in taxonomies: their labels, their descriptions in the six
languages (for zero-shot) and how label strings found in files map to them.
Any other taxonomy name takes its labels from the training file."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from uprtc.recommendations.importers.base import decode_text
from uprtc.recommendations.services import SDG_CODE, LabelIndex
from uprtc.taxonomies.models import (
    AffectedPerson,
    SdgGoal,
    SdgTarget,
    Theme,
    ThemeAlias,
)

BUILT_IN = ("uhri-themes", "sdg-goals", "sdg-targets", "affected-persons")
LANGS = ("en", "fr", "es", "ar", "zh", "ru")
OLD_CODE = re.compile(r"^[A-Z]\d{1,2}\s+")  # "A12 " of the 2014 coded themes


def descriptions(taxonomy: str) -> dict[str, list[str]]:
    """Each label's wording and its children's, in the six languages: a
    theme's names and the older-generation names that map to it; an SDG
    goal's title, short name and all its targets."""
    if taxonomy == "uhri-themes":
        out = {
            t.slug: [getattr(t, f"name_{s}") for s in LANGS if getattr(t, f"name_{s}")]
            for t in Theme.objects.all()
        }
        for slug, label in ThemeAlias.objects.values_list("themes__slug", "label"):
            name = OLD_CODE.sub("", label).strip()
            if slug in out and name and name not in out[slug]:
                out[slug].append(name)
        return out
    if taxonomy == "affected-persons":
        return {
            a.slug: [getattr(a, f"name_{s}") for s in LANGS if getattr(a, f"name_{s}")]
            for a in AffectedPerson.objects.all()
        }
    if taxonomy == "sdg-goals":
        goals = {
            str(g.number): [getattr(g, f"title_{s}") for s in LANGS]
            + [getattr(g, f"short_{s}") for s in LANGS]
            for g in SdgGoal.objects.all()
        }
        for target in SdgTarget.objects.select_related("goal"):
            goals[str(target.goal.number)] += [
                getattr(target, f"title_{s}") for s in LANGS
            ]
        return {k: [x for x in v if x] for k, v in goals.items()}
    if taxonomy == "sdg-targets":
        return {
            t.code: [getattr(t, f"title_{s}") for s in LANGS]
            for t in SdgTarget.objects.all()
        }
    return {}


def normaliser(taxonomy: str) -> Callable[[str], str | None]:
    """Maps a label as written in a file to the taxonomy's identifier."""
    if taxonomy in ("sdg-goals", "sdg-targets"):

        def sdg(label: str) -> str | None:
            match = SDG_CODE.match(label)
            if not match:
                return None
            if taxonomy == "sdg-goals":
                return match.group("goal")
            target = match.group("target")
            return f"{match.group('goal')}.{target.lower()}" if target else None

        return sdg
    if taxonomy in ("uhri-themes", "affected-persons"):
        index = LabelIndex()
        if taxonomy == "uhri-themes":
            slugs = dict(Theme.objects.values_list("pk", "slug"))
            known = set(slugs.values())

            def theme(label: str) -> str | None:
                if label.strip() in known:  # a slug, as label maps write them
                    return label.strip()
                found, _unknown = index.theme_ids([label], "current")
                return slugs[sorted(found)[0]] if found else None

            return theme
        slugs = dict(AffectedPerson.objects.values_list("pk", "slug"))

        def person(label: str) -> str | None:
            found, _unknown = index.affected_ids([label])
            return slugs[sorted(found)[0]] if found else None

        return person
    return lambda label: label.strip() or None


def label_key(label: str) -> str:
    """How a label map matches labels: case and spacing ignored."""
    return " ".join(label.split()).casefold()


class LabelMapError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def read_label_map(path: Path, taxonomy: str | None = None) -> dict[str, list[str]]:
    """A label map: CSV with a header row, the source label in the first
    column and the target label(s) in the second, several separated by ``|``
    (an empty second column maps the label to nothing; further columns are
    notes). Lines starting with ``#`` are comments. With ``taxonomy``, every
    target must be one of its labels (any spelling ``normaliser`` knows)."""
    norm = normaliser(taxonomy) if taxonomy else None
    text, _encoding = decode_text(path.read_bytes())
    out: dict[str, list[str]] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    for line, row in enumerate(reader, start=1):
        if line == 1 or not row or not "".join(row).strip():
            continue
        if row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2:
            raise LabelMapError(
                "expected a source label and its target label(s), separated "
                f"by a comma; found {','.join(row)!r}",
                line,
            )
        key = label_key(row[0])
        if not key:
            raise LabelMapError("empty source label", line)
        if key in out:
            raise LabelMapError(f"{row[0].strip()!r} is mapped twice", line)
        targets = [t.strip() for t in row[1].split("|") if t.strip()]
        if norm is not None:
            for target in targets:
                if norm(target) is None:
                    raise LabelMapError(f"{target!r} is not a {taxonomy} label", line)
            targets = [norm(t) or t for t in targets]
        out[key] = targets
    if not out:
        raise LabelMapError("the label map has no rows", 1)
    return out
