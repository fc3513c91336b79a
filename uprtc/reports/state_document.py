"""A State's report section as blocks, in the active language: the same
numbered paragraphs and tables as the annual update, every sentence a
translatable string with the figures put in by name."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uprtc.reports.blocks import Report, annex_columns, date, dates, number, percent
from uprtc.reports.data import ActivityLine, Cluster, StateFigures
from uprtc.reports.writer import Writer

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def title() -> str:
    return _(
        "Technical cooperation and capacity-building received and provided in "
        "support of implementation"
    )


def introduction(w: Writer, f: StateFigures) -> None:
    w.heading("I.", _("Introduction"))
    w.para(
        _(
            "The present section of the national report of %(state)s on the "
            "implementation of the recommendations it supported in cycle "
            "%(cycle)s of the universal periodic review was drafted from the "
            "repository of technical cooperation and capacity-building activities "
            "established pursuant to Human Rights Council resolution 54/28."
        )
        % {"state": f.state, "cycle": f.cycle}
        + " "
        + _(
            "It reports published information only: an activity is published once "
            "every State concerned has consented, and requests for assistance are "
            "included only when they were made public."
        )
    )
    w.para(
        ngettext(
            "%(state)s supported %(accepted)s recommendation in this cycle.",
            "%(state)s supported %(accepted)s recommendations in this cycle.",
            f.coverage.accepted,
        )
        % {"state": f.state, "accepted": number(f.coverage.accepted)}
        + " "
        + _(
            "%(covered)s of them (%(share)s) are supported by at least one "
            "published activity; %(uncovered)s are not yet."
        )
        % {
            "covered": number(f.coverage.covered),
            "share": percent(f.coverage.share),
            "uncovered": number(f.coverage.uncovered),
        }
        + " "
        + ngettext(
            "In all, the repository holds %(n)s published activity concerning "
            "%(state)s.",
            "In all, the repository holds %(n)s published activities concerning "
            "%(state)s.",
            f.public_activities,
        )
        % {"n": number(f.public_activities), "state": f.state}
    )
    body = [
        [
            c.label,
            number(c.coverage.accepted),
            number(c.coverage.covered),
            number(c.coverage.uncovered),
            percent(c.coverage.share),
        ]
        for c in f.clusters
    ]
    body.append(
        [
            _("Total"),
            number(f.coverage.accepted),
            number(f.coverage.covered),
            number(f.coverage.uncovered),
            percent(f.coverage.share),
        ]
    )
    w.table(
        _("Supported recommendations and published activities, by cluster of themes"),
        [
            _("Cluster of themes"),
            _("Supported recommendations"),
            _("With a published activity"),
            _("Without support"),
            _("Share supported"),
        ],
        body,
        numeric={1, 2, 3, 4},
    )
    w.para(
        _(
            "A recommendation with themes in several clusters counts once in each, "
            "so the clusters may add up to more than the total."
        )
    )


def activity_rows(lines: list[ActivityLine], with_recs: bool) -> list[list[str]]:
    rows = []
    for a in lines:
        row = [a.title, a.organizations, dates(a.start, a.end), a.funding]
        rows.append([*row, a.recommendations] if with_recs else [*row, a.states])
    return rows


def cluster(w: Writer, letter: str, c: Cluster) -> None:
    w.heading(f"{letter}.", c.label)
    w.para(
        _(
            "Supported recommendations in this cluster: %(accepted)s; with at "
            "least one published activity in support: %(covered)s."
        )
        % {
            "accepted": number(c.coverage.accepted),
            "covered": number(c.coverage.covered),
        }
    )
    if c.activities:
        n = w.table(
            _("Published activities supporting the recommendations of the cluster"),
            [
                _("Activity"),
                _("Organizations (role)"),
                _("Dates"),
                _("Funding"),
                _("Recommendations"),
            ],
            activity_rows(c.activities, with_recs=True),
        )
        w.para(
            ngettext(
                "Table %(table)s lists the published activity that supports them: "
                "who carries it out, what it is, when, and its funding.",
                "Table %(table)s lists the %(n)s published activities that support "
                "them: who carries them out, what they are, when, and their funding.",
                len(c.activities),
            )
            % {"table": n, "n": number(len(c.activities))}
        )
    if c.uncovered:
        w.para(
            ngettext(
                "%(n)s recommendation of the cluster has no published activity in "
                "support yet.",
                "%(n)s recommendations of the cluster have no published activity "
                "in support yet.",
                len(c.uncovered),
            )
            % {"n": number(len(c.uncovered))}
        )
        w.table(
            _("Supported recommendations without a published activity"),
            [_("Paragraph"), _("Recommendation")],
            [[r.paragraph, r.text] for r in c.uncovered],
        )
    else:
        w.para(_("Every recommendation of the cluster has a published activity."))


def received(w: Writer, f: StateFigures) -> None:
    w.heading("II.", _("Cooperation received, by cluster of themes"))
    if not f.clusters:
        w.para(_("The State supported no recommendation in this cycle."))
    for letter, c in zip(LETTERS, f.clusters, strict=False):
        cluster(w, letter, c)


def requests(w: Writer, f: StateFigures) -> None:
    w.heading("III.", _("Open requests for assistance and their matches"))
    if not f.requests:
        w.para(_("The State has no open public request for assistance."))
        return
    w.para(
        ngettext(
            "%(state)s has %(n)s open public request for assistance.",
            "%(state)s has %(n)s open public requests for assistance.",
            len(f.requests),
        )
        % {"state": f.state, "n": number(len(f.requests))}
        + " "
        + _(
            "The table below lists each request with the offers matched to it, "
            "their provider and the status of the match."
        )
    )
    w.table(
        _("Open requests for assistance"),
        [_("Need"), _("Made on"), _("Status"), _("Matched offers")],
        [
            [
                r.need,
                r.created.isoformat(),
                r.status,
                "; ".join(r.matches) or _("None yet"),
            ]
            for r in f.requests
        ],
    )


def provided(w: Writer, f: StateFigures) -> None:
    w.heading("IV.", _("Cooperation provided to other States"))
    if not f.provided:
        w.para(
            _(
                "The repository holds no published activity in which %(state)s "
                "provides or funds cooperation for another State."
            )
            % {"state": f.state}
        )
        return
    n = w.table(
        _("Published activities provided or funded by the State for other States"),
        [
            _("Activity"),
            _("Organizations (role)"),
            _("Dates"),
            _("Funding"),
            _("States"),
        ],
        activity_rows(f.provided, with_recs=False),
    )
    w.para(
        ngettext(
            "%(state)s provided or funded %(n)s published activity for other "
            "States (table %(table)s).",
            "%(state)s provided or funded %(n)s published activities for other "
            "States (table %(table)s).",
            len(f.provided),
        )
        % {"state": f.state, "n": number(len(f.provided)), "table": n}
    )


SECTIONS = [introduction, received, requests, provided]


def build(f: StateFigures, today: dt.date) -> Report:
    """The section for ``f.state`` in the active language."""
    report = Report(
        lang=translation.get_language() or "en",
        rtl=translation.get_language_bidi(),
        symbol=_("Draft"),
        session=_("%(state)s — universal periodic review, cycle %(cycle)s")
        % {"state": f.state, "cycle": f.cycle},
        date=date(today),
        title=title(),
    )
    w = Writer(report)
    for section in SECTIONS:
        section(w, f)
    report.annex_title = _(
        "Published activities supporting the recommendations supported in the cycle"
    )
    report.annex_columns = annex_columns()
    report.annex = f.annex
    return report
