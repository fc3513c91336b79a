"""Loading the shipped country tables (see ``data/README.md`` for sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps as global_apps

from uprtc.core.reference import read_csv, sync_rows
from uprtc.countries.names import clean_display_name, normalize

DATA = Path(__file__).resolve().parent / "data"
# Language suffix of our columns → suffix used by the UNSD files and the
# UNTERM column names of country-codes.csv.
LANGS = {
    "en": ("en", "English"),
    "fr": ("fr", "French"),
    "es": ("es", "Spanish"),
    "ar": ("ar", "Arabic"),
    "zh": ("cn", "Chinese"),
    "ru": ("ru", "Russian"),
}
# Where UNTERM has no entry the fallback name is not the UN's usage.
NAME_OVERRIDES = {("CIV", "en"): "Côte d'Ivoire"}


def _regions() -> list[dict[str, Any]]:
    regions: dict[str, dict[str, Any]] = {}
    for suffix, (file_suffix, _) in LANGS.items():
        for row in read_csv(DATA / f"UNSD-{file_suffix}.csv"):
            for level, code_col, name_col in (
                ("region", "Region Code", "Region Name"),
                ("subregion", "Sub-region Code", "Sub-region Name"),
                (
                    "intermediate",
                    "Intermediate Region Code",
                    "Intermediate Region Name",
                ),
            ):
                code = row[code_col].strip()
                if not code:
                    continue
                entry = regions.setdefault(code, {"m49": code, "level": level})
                entry[f"name_{suffix}"] = row[name_col].strip()
    return list(regions.values())


def _country_rows(region_ids: dict[str, int]) -> list[dict[str, Any]]:
    groups = {r["iso3"]: r["group"] for r in read_csv(DATA / "regional_groups.csv")}
    rows = []
    for src in read_csv(DATA / "country-codes.csv"):
        iso3 = src["ISO3166-1-Alpha-3"].strip()
        if not iso3:
            continue
        row: dict[str, Any] = {
            "iso3": iso3,
            "iso2": src["ISO3166-1-Alpha-2"].strip(),
            "m49": src["M49"].strip().zfill(3),
            "regional_group": groups.get(iso3, ""),
            "un_member": iso3 in groups,
            # one asterisk marks observer States; two, non-member territories
            "un_observer": src["UNTERM English Short"].strip().endswith("*")
            and not src["UNTERM English Short"].strip().endswith("**"),
            "ldc": src["Least Developed Countries (LDC)"].strip().lower() == "x",
            "lldc": src["Land Locked Developing Countries (LLDC)"].strip().lower()
            == "x",
            "sids": src["Small Island Developing States (SIDS)"].strip().lower() == "x",
            "region_id": region_ids.get(src["Region Code"].strip().zfill(3)),
            "subregion_id": region_ids.get(src["Sub-region Code"].strip().zfill(3)),
            "intermediate_region_id": region_ids.get(
                src["Intermediate Region Code"].strip().zfill(3)
            ),
        }
        for suffix, (file_suffix, label) in LANGS.items():
            short = src[f"UNTERM {label} Short"].strip()
            official = src[f"official_name_{file_suffix}"].strip()
            row[f"name_{suffix}"] = NAME_OVERRIDES.get(
                (iso3, suffix), clean_display_name(short) or official
            )
            row[f"formal_name_{suffix}"] = (
                src[f"UNTERM {label} Formal"].replace("*", "").strip()
            )
        if not row["name_en"]:
            row["name_en"] = src["CLDR display name"].strip() or iso3
        rows.append(row)
    return rows


def load_countries(apps: Any = None, schema_editor: Any = None) -> dict[str, int]:
    """Regions, countries and aliases; safe to run any number of times."""
    if apps is None:
        apps = global_apps
    Region = apps.get_model("countries", "Region")
    Country = apps.get_model("countries", "Country")
    CountryAlias = apps.get_model("countries", "CountryAlias")
    counts = sync_rows(Region, "m49", _regions())
    region_ids = dict(Region.objects.values_list("m49", "id"))
    counts_c = sync_rows(Country, "iso3", _country_rows(region_ids))
    country_ids = dict(Country.objects.values_list("iso3", "id"))
    aliases = {}
    for row in read_csv(DATA / "aliases.csv"):
        key = normalize(row["alias"])
        if key and row["iso3"] in country_ids:
            aliases[key] = {
                "key": key,
                "alias": row["alias"].strip(),
                "country_id": country_ids[row["iso3"]],
                "source": row.get("note", "").strip()[:100],
            }
    counts_a = sync_rows(CountryAlias, "key", aliases.values())
    return {
        "regions": counts["created"] + counts["updated"],
        "countries": counts_c["created"] + counts_c["updated"],
        "aliases": counts_a["created"] + counts_a["updated"],
    }
