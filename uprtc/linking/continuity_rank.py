"""Pure scoring of continuity: does a recommendation of a later UPR cycle
continue one of an earlier cycle of the same State? No database, no model.

Each (later, earlier) pair is judged on four signals:

* ``meaning``: the cosine of their e5 vectors, rescaled so that two
  recommendations of the same State on unrelated subjects sit near 0 and the
  same request in other words near 1 (same-State recommendations share much
  vocabulary: raw cosines start high);
* ``wording``: the idf-weighted share of words the two texts have in common
  (weighted Dice), what a moderator sees at a glance ("same wording 82 %");
* ``themes``: the shared themes of the two (Jaccard of the labels);
* ``instruments``: the treaties, bodies or plans both name ("both ask to
  ratify OP-CAT"), the strongest sign that a request is repeated.

The reasons are stored as codes with values and put into words when shown,
in the reader's language (``continuity.reason_text``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# idf: words every recommendation of the State uses ("ensure", "Roma" in
# Slovenia's) say little about which ones continue each other
from uprtc.linking.rank import idf as idf

# e5 cosines of two recommendations of one State: half of all pairs are
# below 0.84, the same request reworded is at 0.93 and above (Slovenia,
# cycles 2 → 3, bench/continuity.py)
MEANING_FLOOR = 0.82
MEANING_CEILING = 0.95
WEIGHTS = {"meaning": 0.6, "wording": 0.25, "themes": 0.15}
INSTRUMENT_BONUS = 0.1
# kept: the best few above THRESHOLD, and only those within MARGIN of the
# best. Measured on the hand-checked sample (bench/RESULTS.md): at 0.50 about
# 2 proposals in 3 are right and 12 of 13 recommendations that continue
# nothing get no proposal; at 0.45 recall gains 0.06 but half of those get a
# wrong one; at 0.55 precision gains 0.08 for a sixth fewer finds.
THRESHOLD = 0.50
KEEP = 3
MARGIN = 0.2

# Instruments recommendations ask to ratify, implement or align with, by the
# names they are written with. The code is what a reason shows.
INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "OP-CAT": (r"optional protocol to the convention against torture", r"\bop-?cat\b"),
    "ICRMW": (
        r"migrant workers",
        r"\bicrmw\b",
    ),
    "ICPPED": (r"enforced disappearance", r"\bicpped\b", r"\bced\b"),
    "OP-ICESCR": (
        r"optional protocol to the international covenant on economic",
        r"\bop-?icescr\b",
    ),
    "OP3-CRC": (r"communications? procedure", r"\bop3?-crc\b"),
    "CRPD": (r"rights of persons with disabilities", r"\bcrpd\b"),
    "Istanbul Convention": (
        r"istanbul convention",
        r"violence against women and domestic violence",
    ),
    "ILO 189": (r"domestic workers", r"\bilo convention (no\.? ?)?189\b"),
    "ILO 169": (r"indigenous and tribal", r"\bilo convention (no\.? ?)?169\b"),
    "Statelessness conventions": (r"stateless",),
    "Paris Principles": (r"paris principles",),
    "Rome Statute": (r"rome statute", r"international criminal court", r"kampala"),
    "Optional protocols to the CRC": (
        r"optional protocols? to the convention on the rights of the child",
    ),
    "European Charter for Regional or Minority Languages": (
        r"charter for regional or minority languages",
    ),
    "Framework Convention for the Protection of National Minorities": (
        r"framework convention for the protection of national minorities",
    ),
    "Council of Europe convention on trafficking": (r"traffick",),
    "Durban Declaration": (r"durban",),
}
_PATTERNS = {
    code: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    for code, patterns in INSTRUMENTS.items()
}


@dataclass(frozen=True)
class Pair:
    """The signals of one (later, earlier) pair, each in [0, 1] but the lists."""

    meaning: float  # raw cosine
    wording: float
    themes: float
    shared_themes: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    earlier: int  # the earlier recommendation's id
    score: float
    reasons: list[dict[str, object]] = field(default_factory=list)


def instruments(text: str) -> set[str]:
    """Codes of the instruments a text names."""
    return {code for code, pattern in _PATTERNS.items() if pattern.search(text)}


def weighted_dice(a: set[str], b: set[str], weights: dict[str, float]) -> float:
    """Share of the two texts' (idf-weighted) words they have in common."""
    total = sum(weights.get(t, 1.0) for t in a) + sum(weights.get(t, 1.0) for t in b)
    if not total:
        return 0.0
    return 2 * sum(weights.get(t, 1.0) for t in a & b) / total


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def meaning(cosine: float) -> float:
    scaled = (cosine - MEANING_FLOOR) / (MEANING_CEILING - MEANING_FLOOR)
    return min(max(scaled, 0.0), 1.0)


def score(pair: Pair) -> float:
    w = WEIGHTS
    value = (
        w["meaning"] * meaning(pair.meaning)
        + w["wording"] * pair.wording
        + w["themes"] * pair.themes
    ) / sum(w.values())
    if pair.instruments:
        value += INSTRUMENT_BONUS
    return round(min(value, 1.0), 4)


def reasons(pair: Pair) -> list[dict[str, object]]:
    """What a moderator is told, strongest first: shared instruments, shared
    wording, closeness of meaning, shared themes."""
    out: list[dict[str, object]] = []
    if pair.instruments:
        out.append({"code": "instruments", "names": list(pair.instruments)})
    if pair.wording >= 0.3:
        out.append({"code": "wording", "percent": round(pair.wording * 100)})
    if meaning(pair.meaning) >= 0.5:
        out.append({"code": "meaning", "percent": round(meaning(pair.meaning) * 100)})
    if pair.shared_themes:
        out.append({"code": "themes", "themes": list(pair.shared_themes)})
    return out


def choose(
    candidates: dict[int, Pair],
    threshold: float = THRESHOLD,
    keep: int = KEEP,
    margin: float = MARGIN,
) -> list[Proposal]:
    """The best ``keep`` earlier recommendations a later one continues: above
    ``threshold`` and within ``margin`` of the best."""
    scored = sorted(
        ((score(p), pk) for pk, p in candidates.items()), key=lambda x: (-x[0], x[1])
    )
    if not scored or scored[0][0] < threshold:
        return []
    best = scored[0][0]
    return [
        Proposal(pk, value, reasons(candidates[pk]))
        for value, pk in scored[:keep]
        if value >= threshold and value >= best - margin
    ]
