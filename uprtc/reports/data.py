"""The figures of the reports as plain data: what the figure-gathering
modules (``figures.py``, ``state_figures.py``) fill from the database and the
writing and rendering modules read, so that those never query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from uprtc.coverage.compute import Tally


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AnnexRow:
    title: str
    states: str
    organizations: str
    start: dt.date | None
    end: dt.date | None
    status: str
    published: dt.date | None


@dataclass
class ConsentFigures:
    asked: int
    granted: int
    refused: int
    withdrawn: int
    median_days: float | None


@dataclass
class AnnualFigures:
    start: dt.date
    end: dt.date
    total_public: int
    new: int
    updated: int
    states: int
    organizations: int
    good_practices: int
    breakdowns: dict[str, list[Row]]
    coverage_start: Tally
    coverage_end: Tally
    requests: list[Row]
    offers: list[Row]
    matches: list[Row]
    consent: ConsentFigures
    good_practice_list: list[AnnexRow] = field(default_factory=list)
    annex: list[AnnexRow] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return self.new + self.updated


@dataclass(frozen=True)
class RecommendationLine:
    pk: int
    paragraph: str
    text: str
    covered: bool


@dataclass(frozen=True)
class ActivityLine:
    """Who, what, when and with what funding."""

    pk: int
    title: str
    organizations: str
    start: dt.date | None
    end: dt.date | None
    funding: str
    states: str = ""
    recommendations: str = ""


@dataclass
class Cluster:
    key: str
    label: str
    coverage: Tally
    activities: list[ActivityLine] = field(default_factory=list)
    uncovered: list[RecommendationLine] = field(default_factory=list)


@dataclass(frozen=True)
class RequestLine:
    need: str
    status: str
    created: dt.date
    matches: list[str]


@dataclass
class StateFigures:
    iso3: str
    state: str
    cycle: int
    # equal to the API: /api/countries/<iso3> "activities" and
    # /api/coverage/<iso3> "by_cycle"[cycle]
    public_activities: int
    coverage: Tally
    clusters: list[Cluster]
    requests: list[RequestLine]
    provided: list[ActivityLine]
    annex: list[AnnexRow] = field(default_factory=list)

    @property
    def supporting(self) -> int:
        return len(self.annex)
