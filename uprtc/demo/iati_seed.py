"""Read the shipped real IATI 2.03 file into plain Python data for the demo.

The demo needs realistic activities (real titles, recipient States, budgets and SDG
labels) before the activity model and the IATI importer exist.  This module is
deliberately standard-library only and free of Django and database access so that
it can be tested on its own and reused later by the importer as a first pass.

Real published IATI data is messy (upper-case ``xml:lang``, ``1.A`` SDG targets
where the codelist has ``1.a``, DAC region codes where a country is expected,
values such as ``1e-10``), so every reader below is tolerant: a bad value is
skipped, never raised.  Activities the product cannot use (no title, or no
concerned State) are not returned but counted in :class:`SeedReport`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DESCRIPTION_MAX = 4000
LINKS_MAX = 3

# IATI OrganisationRole code -> role used by the product.
PARTICIPANT_ROLES = {
    "1": "funder",  # Funding
    "2": "partner",  # Accountable
    "3": "provider",  # Extending
    "4": "implementer",  # Implementing
}

# IATI ActivityDateType: actual dates win over planned ones.
START_DATE_TYPES = ("2", "1")
END_DATE_TYPES = ("4", "3")

# IATI BudgetType: a revised budget replaces the original one of the same period.
BUDGET_ORIGINAL = "1"
BUDGET_REVISED = "2"

SDG_GOAL_MAX = 17
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_DAC5_RE = re.compile(r"^\d{5}$")
_TARGET_RE = re.compile(r"^(\d{1,2})\.(\d{1,2}|[a-z])$")
_SPACE_RE = re.compile(r"\s+")

SKIP_NO_TITLE = "no_title"
SKIP_NO_COUNTRY = "no_country"


@dataclass
class SeedOrg:
    """An organisation as the demo shows it, with the product's role name."""

    name: str
    role: str  # "provider" | "funder" | "implementer" | "partner"
    ref: str
    iati_type: str  # IATI OrganisationType code, "" if absent


@dataclass
class SeedActivity:
    """One usable IATI activity, reduced to what the demo repository needs."""

    iati_identifier: str
    title: str
    description: str
    language: str  # ISO 639-1 of the title/description chosen
    countries: list[str]
    reporting_org: SeedOrg
    participants: list[SeedOrg]
    status: str
    start_date: date | None
    end_date: date | None
    budget: Decimal | None
    currency: str
    sdg_goals: list[int]
    sdg_targets: list[str]
    dac_sectors: list[str]
    collaboration_type: str
    links: list[str]
    # (vocabulary, code, vocabulary-uri, narrative) of every tag: the importer
    # reads uprtc's own themes and recommendations from them
    tags: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class SeedReport:
    """Activities read plus the skipped ones, so the loader can log what it lost."""

    activities: list[SeedActivity] = field(default_factory=list)
    # reason (SKIP_NO_TITLE | SKIP_NO_COUNTRY) -> identifiers of skipped activities
    skipped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def skipped_count(self) -> int:
        """Total number of activities not returned, whatever the reason."""
        return sum(len(ids) for ids in self.skipped.values())


# --------------------------------------------------------------------------- text


def _clean(text: str | None) -> str:
    """Collapse whitespace: publishers indent and wrap narratives arbitrarily."""
    return _SPACE_RE.sub(" ", text or "").strip()


def _lang_code(value: str | None) -> str:
    """Normalise ``EN``/``en-GB`` to ISO 639-1 ``en``; publishers use any case."""
    return (value or "").strip().lower().split("-")[0].split("_")[0]


def _narratives(element: ET.Element | None, default_lang: str) -> list[tuple[str, str]]:
    """Return the non-empty ``(language, text)`` narratives of an element.

    A narrative without ``xml:lang`` inherits it (XML rule) from its parent,
    which some publishers set on ``participating-org``, else from the activity
    (IATI rule); if nobody declares one, the language is unknown (``""``).
    """
    if element is None:
        return []
    default_lang = _lang_code(element.get(XML_LANG)) or default_lang
    found = []
    for narrative in element.findall("narrative"):
        text = _clean(narrative.text)
        if text:
            found.append((_lang_code(narrative.get(XML_LANG)) or default_lang, text))
    return found


def _pick_narrative(
    narratives: list[tuple[str, str]], preferred: Iterable[str] = ("en", "")
) -> tuple[str, str] | None:
    """Pick the narrative in the first preferred language, else the first one.

    ``""`` (unknown language) counts as English for the default preference: it
    only happens when neither the narrative nor the activity declares a language,
    and the product's working language is English.
    """
    for lang in preferred:
        for narrative in narratives:
            if narrative[0] == lang:
                return narrative
    return narratives[0] if narratives else None


def _pick_text(element: ET.Element | None, default_lang: str) -> str:
    """Name of an organisation in English when available, else the first one."""
    chosen = _pick_narrative(_narratives(element, default_lang))
    return chosen[1] if chosen else ""


def _description_candidates(activity: ET.Element) -> list[ET.Element]:
    """Descriptions ordered general (type 1 or untyped) first, then the others.

    Objectives or target groups (types 2-4) are still better than nothing for a
    demo card, so they are kept as a fallback rather than dropped.
    """
    descriptions = activity.findall("description")
    general = [d for d in descriptions if d.get("type") in (None, "", "1")]
    return general + [d for d in descriptions if d not in general]


def _pick_description(
    activity: ET.Element,
    default_lang: str,
    title_lang: str,
    limit: int | None = DESCRIPTION_MAX,
) -> str:
    """Description in the title's language (so ``language`` covers both)."""
    for element in _description_candidates(activity):
        chosen = _pick_narrative(
            _narratives(element, default_lang), (title_lang, "en", "")
        )
        if chosen:
            return chosen[1][:limit].rstrip()
    return ""


# ---------------------------------------------------------------------- values


def _code(activity: ET.Element, tag: str) -> str:
    """``@code`` of a single coded element, ``""`` when absent."""
    element = activity.find(tag)
    return (element.get("code") or "").strip() if element is not None else ""


def _parse_date(element: ET.Element) -> date | None:
    """ISO date of an element; some publishers append a time, or put it as text."""
    raw = (element.get("iso-date") or element.text or "").strip()[:10]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _activity_date(activity: ET.Element, types: tuple[str, ...]) -> date | None:
    """First valid activity-date among ``types``, in order of preference."""
    by_type: dict[str, date] = {}
    for element in activity.findall("activity-date"):
        kind = element.get("type") or ""
        parsed = _parse_date(element)
        if parsed is not None and kind not in by_type:
            by_type[kind] = parsed
    for kind in types:
        if kind in by_type:
            return by_type[kind]
    return None


def parse_decimal(raw: str | None) -> Decimal | None:
    """Decimal of an IATI value, or None if absent, malformed or not finite.

    Values like ``1e-10`` are legal Python decimals but not ``xs:decimal``;
    they are accepted here. ``NaN``/``Infinity`` or ``1,000`` are skipped.
    """
    text = (raw or "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _budget_lines(activity: ET.Element) -> list[tuple[tuple, str, Decimal, str]]:
    """``(period, type, value, currency)`` of every budget with a usable value."""
    default_currency = (activity.get("default-currency") or "").strip().upper()
    lines = []
    for budget in activity.findall("budget"):
        value_el = budget.find("value")
        if value_el is None:
            continue
        value = parse_decimal(value_el.text)
        if value is None:
            continue
        start, end = budget.find("period-start"), budget.find("period-end")
        period = (
            start.get("iso-date") if start is not None else None,
            end.get("iso-date") if end is not None else None,
        )
        currency = (value_el.get("currency") or "").strip().upper() or default_currency
        lines.append((period, budget.get("type") or BUDGET_ORIGINAL, value, currency))
    return lines


def _budget(activity: ET.Element) -> tuple[Decimal | None, str]:
    """Total budget and its currency.

    Values are summed, except that a revised budget (type 2) replaces the
    original ones (type 1) of the same period: summing both would double count,
    as UNDP does for ``XM-DAC-41146-NGA_D_2.8``.  Budgets in several currencies
    cannot be added without exchange rates, so the total is then unknown.
    """
    lines = _budget_lines(activity)
    revised = {period for period, kind, _, _ in lines if kind == BUDGET_REVISED}
    kept = [
        (value, currency)
        for period, kind, value, currency in lines
        if kind == BUDGET_REVISED or period not in revised
    ]
    if not kept:
        return None, ""
    currencies = {currency for _, currency in kept}
    if len(currencies) > 1:
        return None, ""
    return sum((value for value, _ in kept), Decimal(0)), currencies.pop()


def _unique(values: Iterable[str]) -> list[str]:
    """Unique non-empty values in first-seen order (the file order is meaningful)."""
    return list(dict.fromkeys(v for v in values if v))


def _countries(activity: ET.Element) -> list[str]:
    """ISO alpha-2 recipient countries; DAC region codes such as ``889`` dropped."""
    codes = (
        (element.get("code") or "").strip().upper()
        for element in activity.findall("recipient-country")
    )
    return _unique(code for code in codes if _COUNTRY_RE.match(code))


def _dac_sectors(activity: ET.Element) -> list[str]:
    """5-digit DAC purpose codes (sector vocabulary 1, the default)."""
    return _unique(
        (element.get("code") or "").strip()
        for element in activity.findall("sector")
        if (element.get("vocabulary") or "1") == "1"
        and _DAC5_RE.match((element.get("code") or "").strip())
    )


# ------------------------------------------------------------------------- SDG


def _sdg_goal(raw: str) -> int | None:
    """SDG goal number 1..17 from a code like ``5``, else None."""
    text = raw.strip()
    if not text.isdigit():
        return None
    goal = int(text)
    return goal if 1 <= goal <= SDG_GOAL_MAX else None


def _sdg_target(raw: str) -> str | None:
    """Codelist form of an SDG target (``5.A`` -> ``5.a``), else None."""
    text = raw.strip().lower()
    match = _TARGET_RE.match(text)
    if not match or _sdg_goal(match.group(1)) is None:
        return None
    return f"{int(match.group(1))}.{match.group(2).lstrip('0') or '0'}"


def _target_key(target: str) -> tuple[int, int, str]:
    """Natural order: 16.2 < 16.10 < 16.a, as in the SDG codelist."""
    goal, sub = target.split(".")
    return (int(goal), int(sub) if sub.isdigit() else 100, sub)


def _sdg_codes(activity: ET.Element) -> tuple[list[str], list[str]]:
    """Raw goal and target codes from sector vocab 7/8 and tag vocab 2/3."""
    goals: list[str] = []
    targets: list[str] = []
    sources = (("sector", "7", "8"), ("tag", "2", "3"))
    for tag, goal_vocabulary, target_vocabulary in sources:
        for element in activity.findall(tag):
            vocabulary = element.get("vocabulary")
            code = element.get("code") or ""
            if vocabulary == goal_vocabulary:
                goals.append(code)
            elif vocabulary == target_vocabulary:
                targets.append(code)
    return goals, targets


def _sdgs(activity: ET.Element) -> tuple[list[int], list[str]]:
    """Sorted SDG goals and targets; a target implies its goal."""
    raw_goals, raw_targets = _sdg_codes(activity)
    targets = {t for t in map(_sdg_target, raw_targets) if t is not None}
    goals = {g for g in map(_sdg_goal, raw_goals) if g is not None}
    goals.update(int(target.split(".")[0]) for target in targets)
    return sorted(goals), sorted(targets, key=_target_key)


# ----------------------------------------------------------------------- orgs


def _org(element: ET.Element, role: str, default_lang: str) -> SeedOrg:
    """A SeedOrg from a reporting-org or participating-org element."""
    return SeedOrg(
        name=_pick_text(element, default_lang),
        role=role,
        ref=(element.get("ref") or "").strip(),
        iati_type=(element.get("type") or "").strip(),
    )


def _reporting_org(activity: ET.Element, default_lang: str) -> SeedOrg:
    """The publisher; its ref stands in for a missing name (attribution needs one)."""
    element = activity.find("reporting-org")
    if element is None:
        return SeedOrg(name="", role="provider", ref="", iati_type="")
    org = _org(element, "provider", default_lang)
    org.name = org.name or org.ref
    return org


def _participants(activity: ET.Element, default_lang: str) -> list[SeedOrg]:
    """Named participating organisations with a known IATI role."""
    orgs = []
    for element in activity.findall("participating-org"):
        role = PARTICIPANT_ROLES.get((element.get("role") or "").strip())
        if role is None:
            continue
        org = _org(element, role, default_lang)
        if org.name:
            orgs.append(org)
    return orgs


def _links(activity: ET.Element, limit: int | None = LINKS_MAX) -> list[str]:
    """First few document URLs: enough for a demo card, not a document index."""
    urls = (
        (element.get("url") or "").strip()
        for element in activity.findall("document-link")
    )
    return _unique(urls)[:limit]


def _tags(activity: ET.Element, default_lang: str) -> list[tuple[str, str, str, str]]:
    return [
        (
            (element.get("vocabulary") or "").strip(),
            (element.get("code") or "").strip(),
            (element.get("vocabulary-uri") or "").strip(),
            _pick_text(element, default_lang),
        )
        for element in activity.findall("tag")
    ]


# ------------------------------------------------------------------- activity


def parse_activity(
    activity: ET.Element, whole: bool = False, need_country: bool = True
) -> SeedActivity | str:
    """A SeedActivity, or the skip reason when the product cannot use it.

    The demo shortens descriptions and links for its cards; the importer asks
    for the ``whole`` text and every link. ``activity`` may also be an lxml
    element (the importer's), whose API this module uses a subset of. The
    lenient importer takes regional and global activities too
    (``need_country=False``): a moderator names their States."""
    limits = (None, None) if whole else (DESCRIPTION_MAX, LINKS_MAX)
    default_lang = _lang_code(activity.get(XML_LANG))
    title = _pick_narrative(_narratives(activity.find("title"), default_lang))
    if title is None:
        return SKIP_NO_TITLE
    countries = _countries(activity)
    if not countries and need_country:
        return SKIP_NO_COUNTRY
    title_lang, title_text = title
    budget, currency = _budget(activity)
    sdg_goals, sdg_targets = _sdgs(activity)
    return SeedActivity(
        iati_identifier=_clean(activity.findtext("iati-identifier")),
        title=title_text,
        description=_pick_description(activity, default_lang, title_lang, limits[0]),
        language=title_lang or "en",
        countries=countries,
        reporting_org=_reporting_org(activity, default_lang),
        participants=_participants(activity, default_lang),
        status=_code(activity, "activity-status"),
        start_date=_activity_date(activity, START_DATE_TYPES),
        end_date=_activity_date(activity, END_DATE_TYPES),
        budget=budget,
        currency=currency,
        sdg_goals=sdg_goals,
        sdg_targets=sdg_targets,
        dac_sectors=_dac_sectors(activity),
        collaboration_type=_code(activity, "collaboration-type"),
        links=_links(activity, limits[1]),
        tags=_tags(activity, default_lang),
    )


def _iter_activity_elements(path: Path) -> Iterator[ET.Element]:
    """Stream ``<iati-activity>`` elements, freeing each one after use.

    iterparse keeps memory flat for large D-Portal extracts; the root is cleared
    too, otherwise it would keep every processed (empty) child alive.
    """
    root: ET.Element | None = None
    # Opened here, not by iterparse, so that stopping early (``limit``) still
    # closes the file instead of leaving it to the garbage collector.
    with path.open("rb") as handle:
        for event, element in ET.iterparse(handle, events=("start", "end")):
            if event == "start":
                root = element if root is None else root
                continue
            if element.tag == "iati-activity":
                yield element
                element.clear()
                if root is not None:
                    root.clear()


def read_seed_report(path: Path, limit: int | None = None) -> SeedReport:
    """Read usable activities and record the skipped ones by reason.

    ``limit`` counts returned activities and stops reading early, so a quick
    demo load does not parse the whole file; ``skipped`` then only covers the
    part of the file that was read.
    """
    report = SeedReport()
    if limit is not None and limit <= 0:
        return report
    with closing(_iter_activity_elements(Path(path))) as elements:
        for element in elements:
            parsed = parse_activity(element)
            if isinstance(parsed, str):
                identifier = _clean(element.findtext("iati-identifier"))
                report.skipped.setdefault(parsed, []).append(identifier)
                continue
            report.activities.append(parsed)
            if limit is not None and len(report.activities) >= limit:
                break
    return report


def read_seed(path: Path, limit: int | None = None) -> list[SeedActivity]:
    """Usable activities of an IATI file (see :func:`read_seed_report`)."""
    return read_seed_report(path, limit).activities


def summary(
    activities: list[SeedActivity], skipped: dict[str, list[str]] | None = None
) -> dict[str, int]:
    """Counts for a one-line log of what the demo loaded.

    ``n``: activities; ``countries``: distinct recipient countries; ``with_sdg``:
    activities carrying at least one SDG goal or target; with ``skipped`` (from
    :class:`SeedReport`) also the number skipped per reason.
    """
    countries: Counter[str] = Counter()
    for activity in activities:
        countries.update(activity.countries)
    counts = {
        "n": len(activities),
        "countries": len(countries),
        "with_sdg": sum(1 for a in activities if a.sdg_goals or a.sdg_targets),
    }
    for reason, identifiers in sorted((skipped or {}).items()):
        counts[f"skipped_{reason}"] = len(identifiers)
    return counts
