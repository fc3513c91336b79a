"""Regional and global IATI activities: the moderator names their States.

An activity published for a region (``recipient-region``) or for no recipient
at all is imported as a draft without concerned States ("concerned States
needed"). It cannot be submitted, approved or published before a moderator
names its States (``choose_states``); consent is then asked of each of them
as for any activity, once the moderators approve it.

``suggest_states`` proposes States from three clues: the members of the
recipient regions (UN M49, or OECD DAC regions mapped onto M49), countries
named in the title or description in any of the six languages, and the
countries of the participating organizations."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uprtc.activities.choices import ConsentStatus, Review
from uprtc.activities.models import Activity, Consent
from uprtc.activities.services import reindex
from uprtc.actors.models import User
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country, CountryAlias
from uprtc.countries.names import normalize
from uprtc.iati.models import IatiRecord

M49_VOCABULARY, DAC_VOCABULARY = "2", "1"
# OECD DAC recipient regions (IATI Region codelist, vocabulary 1) → M49
# regions whose member States they cover. 998 "Developing countries,
# unspecified" and other global codes map to nothing: no suggestion.
DAC_TO_M49 = {
    "89": ["150"],  # Europe, regional
    "189": ["015"],  # North of Sahara, regional
    "289": ["202"],  # South of Sahara, regional
    "298": ["002"],  # Africa, regional
    "380": ["029", "013"],  # West Indies / Caribbean & Central America
    "389": ["013", "029"],  # North & Central America, regional
    "489": ["005"],  # South America, regional
    "498": ["019"],  # America, regional
    "589": ["145"],  # Middle East, regional
    "619": ["143"],  # Central Asia, regional
    "679": ["034"],  # South Asia, regional
    "689": ["034", "143"],  # South & Central Asia, regional
    "789": ["030", "035"],  # Far East Asia, regional
    "798": ["142"],  # Asia, regional
    "889": ["009"],  # Oceania, regional
    "1027": ["014"],  # Eastern Africa
    "1028": ["017"],  # Middle Africa
    "1029": ["018"],  # Southern Africa
    "1030": ["011"],  # Western Africa
    "1031": ["029"],  # Caribbean
    "1032": ["013"],  # Central America
    "1033": ["054"],  # Melanesia
    "1034": ["057"],  # Micronesia
    "1035": ["061"],  # Polynesia
}
REASON_REGION = gettext_lazy("member of the recipient region")
REASON_NAMED = gettext_lazy("named in the text")
REASON_PARTICIPANT = gettext_lazy("country of a participating organization")
MIN_NAME = 4  # shorter keys ("uk", "us") match words by accident


def m49_codes(regions: Iterable[tuple[str, str] | list[str]]) -> list[str]:
    """M49 region codes of IATI ``(vocabulary, code)`` recipient regions."""
    codes: list[str] = []
    for vocabulary, code in regions:
        code = code.strip()
        if vocabulary == M49_VOCABULARY and code.isdigit():
            codes.append(code.zfill(3))
        elif vocabulary == DAC_VOCABULARY:
            codes += DAC_TO_M49.get(code.lstrip("0"), [])
    return list(dict.fromkeys(codes))


def names_in(text: str, names: dict[str, int]) -> set[int]:
    """Countries whose normalised name occurs in ``text`` as whole words
    (or anywhere, for names in a script written without spaces)."""
    key = f" {normalize(text)} "
    found = set()
    for name, country_id in names.items():
        if name.isascii() or " " in name or _spaced_script(name):
            if f" {name} " in key:
                found.add(country_id)
        elif name in key:
            found.add(country_id)
    return found


def _spaced_script(name: str) -> bool:
    # Latin, Cyrillic and Arabic names are words; Chinese ones are not
    return not re.search(r"[\u3040-\u9fff]", name)


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, int]:
    names: dict[str, int] = {}
    columns = [f"name_{lang}" for lang in ("en", "fr", "es", "ar", "zh", "ru")]
    for row in Country.objects.values("id", *columns):
        for column in columns:
            key = normalize(row[column] or "")
            if len(key) >= MIN_NAME or (column == "name_zh" and len(key) >= 2):
                names.setdefault(key, row["id"])
    for alias, country_id in CountryAlias.objects.values_list("key", "country_id"):
        if len(alias) >= MIN_NAME:
            names.setdefault(alias, country_id)
    return names


def suggest_states(activity: Activity) -> list[tuple[Country, list[str]]]:
    """Suggested States with why, best clues first (named, participant,
    region), then by name."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for pk in names_in(f"{activity.title}\n{activity.description}", _country_names()):
        reasons[pk].append(str(REASON_NAMED))
    for pk in _participant_countries(activity):
        reasons[pk].append(str(REASON_PARTICIPANT))
    record = IatiRecord.objects.filter(activity=activity).first()
    codes = m49_codes(record.regions) if record else []
    if codes:
        members = Country.objects.filter(
            Q(region__m49__in=codes)
            | Q(subregion__m49__in=codes)
            | Q(intermediate_region__m49__in=codes)
        ).values_list("pk", flat=True)
        for pk in members:
            reasons[pk].append(str(REASON_REGION))
    countries = Country.objects.in_bulk(list(reasons))
    order = {str(REASON_NAMED): 0, str(REASON_PARTICIPANT): 1, str(REASON_REGION): 2}
    return sorted(
        ((countries[pk], why) for pk, why in reasons.items() if pk in countries),
        key=lambda item: (min(order[r] for r in item[1]), item[0].name_en),
    )


def _participant_countries(activity: Activity) -> set[int]:
    """The organization's country, else the ISO prefix of its IATI
    identifier (``SE-0``, ``GB-CHC-…``; ``XM``/``XI`` are international)."""
    found: set[int] = set()
    prefixes = set()
    for p in activity.participants.select_related("organization"):
        if p.organization and p.organization.country_id:
            found.add(p.organization.country_id)
        prefix = (p.iati_ref or "").split("-")[0].upper()
        if len(prefix) == 2:
            prefixes.add(prefix)
    found |= set(Country.objects.filter(iso2__in=prefixes).values_list("pk", flat=True))
    return found


def needs_states(activity: Activity) -> bool:
    return not activity.consents.exists()


@transaction.atomic
def choose_states(
    actor: User, activity: Activity, countries: list[Country]
) -> Activity:
    """A moderator names the concerned States of a draft imported without
    any. Their consent is asked as usual, once the moderators approve it."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator names the States of an IATI activity."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.review not in (Review.DRAFT, Review.RETURNED):
        raise DomainError(
            _("States are named before the activity is submitted."), field="states"
        )
    if not countries:
        raise DomainError(_("Choose at least one State."), field="states")
    have = set(activity.consents.values_list("country_id", flat=True))
    added = [c for c in countries if c.pk not in have]
    for country in added:
        Consent.objects.create(
            activity=activity, country=country, status=ConsentStatus.PENDING
        )
    IatiRecord.objects.filter(activity=activity).update(states_needed=False)
    audit.record(
        "iati.activity.states_chosen",
        actor=actor,
        obj=activity,
        after={"states": sorted(c.iso3 for c in countries)},
    )
    reindex(activity)
    return activity
