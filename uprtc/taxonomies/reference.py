"""Loading the shipped vocabularies: SDG goals and targets (six languages), the
UHRI themes and affected persons with the mapping of older theme generations,
and the IATI codelists the product uses. Sources: ``data/README.md``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps

from uprtc.core.reference import read_csv, sync_rows
from uprtc.countries.names import normalize

DATA = Path(__file__).resolve().parent / "data"
SUFFIXES = ("en", "fr", "es", "ar", "zh", "ru")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def target_position(code: str) -> int:
    """Order targets as the 2030 Agenda does: 1.1 … 1.7, then 1.a, 1.b."""
    tail = code.split(".", 1)[1]
    return int(tail) if tail.isdigit() else 100 + ord(tail.lower()) - ord("a")


def _sdg_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    goals: dict[int, dict[str, Any]] = {}
    targets: list[dict[str, Any]] = []
    for row in read_csv(DATA / "sdg" / "sdg_goals_targets_indicators_6lang.csv"):
        texts = {s: row[f"text_{s}"].strip() for s in SUFFIXES}
        if row["level"] == "goal":
            goal = goals.setdefault(int(row["code"]), {"number": int(row["code"])})
            prefix = "short" if row["field"] == "short" else "title"
            goal.update({f"{prefix}_{s}": t for s, t in texts.items()})
        elif row["level"] == "target" and row["field"] == "title":
            code = row["code"].lower()
            targets.append(
                {
                    "code": code,
                    "goal": int(code.split(".")[0]),
                    "position": target_position(code),
                    **{f"title_{s}": t for s, t in texts.items()},
                }
            )
    return list(goals.values()), targets


def _codelist_rows() -> list[dict[str, Any]]:
    rows = []
    for path in sorted((DATA / "iati").glob("*.xml")):
        root = ET.parse(path).getroot()
        name = root.get("name") or path.stem
        for item in root.iter("codelist-item"):
            names = {"en": "", "fr": ""}
            for narrative in item.findall("name/narrative"):
                lang = narrative.get(XML_LANG, "en")
                if lang in names and not names[lang]:
                    names[lang] = (narrative.text or "").strip()
            description = item.find("description/narrative")
            code = (item.findtext("code") or "").strip()
            rows.append(
                {
                    "key": f"{name}:{code}",
                    "codelist": name,
                    "code": code,
                    "name_en": names["en"][:300] or code,
                    "name_fr": names["fr"][:300],
                    "description_en": (description.text or "").strip()
                    if description is not None
                    else "",
                    "category": (item.findtext("category") or "").strip()[:40],
                    "withdrawn": item.get("status") == "withdrawn",
                }
            )
    return rows


def load_taxonomies(apps: Any = None, schema_editor: Any = None) -> dict[str, int]:
    if apps is None:
        apps = global_apps
    get = apps.get_model
    SdgGoal, SdgTarget = get("taxonomies", "SdgGoal"), get("taxonomies", "SdgTarget")
    Theme, ThemeAlias = get("taxonomies", "Theme"), get("taxonomies", "ThemeAlias")
    AffectedPerson = get("taxonomies", "AffectedPerson")
    CodelistItem = get("taxonomies", "CodelistItem")

    goals, targets = _sdg_rows()
    sync_rows(SdgGoal, "number", goals)
    goal_ids = dict(SdgGoal.objects.values_list("number", "id"))
    for target in targets:
        target["goal_id"] = goal_ids[target.pop("goal")]
    sync_rows(SdgTarget, "code", targets)

    sync_rows(Theme, "slug", read_csv(DATA / "uhri_themes.csv"))
    other_labels: dict[str, list[str]] = {}
    for row in read_csv(DATA / "uhri_affected_persons_aliases.csv"):
        if row["canonical_slug"]:
            other_labels.setdefault(row["canonical_slug"], []).append(row["label"])
    sync_rows(
        AffectedPerson,
        "slug",
        [
            {**row, "other_labels": other_labels.get(row["slug"], [])}
            for row in read_csv(DATA / "uhri_affected_persons.csv")
        ],
    )
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    mapping = read_csv(DATA / "uhri_theme_mapping.csv")
    sync_rows(
        ThemeAlias,
        "key",
        # the generation is part of the key: one label may differ between them
        [
            {
                "key": f"{m['generation']}:{normalize(m['old_label'])}",
                "generation": m["generation"],
                "label": m["old_label"].strip(),
                "note": m.get("note", "")[:300],
            }
            for m in mapping
        ],
    )
    aliases = {a.key: a for a in ThemeAlias.objects.all()}
    for m in mapping:
        alias = aliases[f"{m['generation']}:{normalize(m['old_label'])}"]
        wanted = {theme_ids[s] for s in m["current_slugs"].split("|") if s in theme_ids}
        if set(alias.themes.values_list("id", flat=True)) != wanted:
            alias.themes.set(wanted)

    sync_rows(CodelistItem, "key", _codelist_rows())
    return {
        "sdg_goals": SdgGoal.objects.count(),
        "sdg_targets": SdgTarget.objects.count(),
        "themes": Theme.objects.count(),
        "affected_persons": AffectedPerson.objects.count(),
        "codes": CodelistItem.objects.count(),
    }
