"""The chapters of the annual update, in order. Each appends its numbered
paragraphs, tables and figures through the writer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uprtc.activities.choices import FundingSource
from uprtc.reports.blocks import date, number, percent
from uprtc.reports.data import AnnualFigures, Row
from uprtc.reports.writer import Writer

VOLUNTARY_FUNDS = {
    FundingSource.VF_TECHNICAL_COOPERATION,
    FundingSource.VF_UPR_IMPLEMENTATION,
    FundingSource.VF_UPR_PARTICIPATION,
    FundingSource.TRUST_FUND_LDC_SIDS,
}
GOOD_PRACTICES_LISTED = 50


def introduction(w: Writer, f: AnnualFigures) -> None:
    w.heading("I.", _("Introduction"))
    w.para(
        _(
            "The present report is submitted pursuant to Human Rights Council "
            "resolution 54/28, in which the Council requested the Office of the "
            "United Nations High Commissioner for Human Rights (OHCHR) to establish "
            "and maintain an online repository of technical cooperation and "
            "capacity-building activities for the implementation of recommendations "
            "of the universal periodic review, and to present an annual update of "
            "the information compiled to the Council."
        )
    )
    w.para(
        _("The present update covers the period from %(start)s to %(end)s.")
        % {"start": date(f.start), "end": date(f.end)}
        + " "
        + _(
            "All figures on activities come from published information only: an "
            "activity is published once every State concerned has consented. "
            "Requests, offers and consent decisions are reported as totals, "
            "without naming any State or unpublished activity."
        )
    )


def activities(w: Writer, f: AnnualFigures) -> None:
    w.heading("II.", _("Activities in the repository"))
    w.para(
        ngettext(
            "At the end of the period, the repository held %(total)s published "
            "activity.",
            "At the end of the period, the repository held %(total)s published "
            "activities.",
            f.total_public,
        )
        % {"total": number(f.total_public)}
        + " "
        + ngettext(
            "During the period, %(new)s activity was published.",
            "During the period, %(new)s activities were published.",
            f.new,
        )
        % {"new": number(f.new)}
        + " "
        + ngettext(
            "%(updated)s activity published earlier was updated.",
            "%(updated)s activities published earlier were updated.",
            f.updated,
        )
        % {"updated": number(f.updated)}
    )
    w.para(
        ngettext(
            "The activities of the period concern %(states)s State.",
            "The activities of the period concern %(states)s States.",
            f.states,
        )
        % {"states": number(f.states)}
        + " "
        + ngettext(
            "%(orgs)s registered organization takes part in them.",
            "%(orgs)s registered organizations take part in them.",
            f.organizations,
        )
        % {"orgs": number(f.organizations)}
    )
    rows = [
        (_("Published activities at the end of the period"), f.total_public),
        (_("Activities published during the period"), f.new),
        (_("Activities updated during the period"), f.updated),
        (_("States concerned by the activities of the period"), f.states),
        (_("Organizations taking part in them"), f.organizations),
        (_("Good practices highlighted"), f.good_practices),
    ]
    w.counts(
        _("Headline figures"),
        _("Figure"),
        [Row(str(i), label, n) for i, (label, n) in enumerate(rows)],
    )


CHARTED = {"region", "regional_group", "theme", "modality", "funding_source"}


def breakdowns(w: Writer, f: AnnualFigures) -> None:
    w.heading("III.", _("Breakdown of the activities of the period"))
    w.para(
        _(
            "The following tables break down the %(n)s activities published or "
            "updated during the period. An activity concerning several States, "
            "themes, goals or organizations counts once under each of them, so a "
            "column may add up to more than that number."
        )
        % {"n": number(f.reported)}
    )
    captions = {
        "region": (_("Activities by region"), _("Region")),
        "regional_group": (
            _("Activities by United Nations regional group"),
            _("Group"),
        ),
        "theme": (_("Activities by human rights theme"), _("Theme")),
        "sdg_goal": (_("Activities by Sustainable Development Goal"), _("Goal")),
        "actor_type": (_("Activities by type of organization taking part"), _("Type")),
        "modality": (_("Activities by modality"), _("Modality")),
        "cooperation_type": (_("Activities by type of cooperation"), _("Type")),
        "funding_source": (_("Activities by source of funding"), _("Source")),
    }
    for name, (caption, what) in captions.items():
        rows = f.breakdowns[name]
        w.counts(caption, what, rows)
        if name in CHARTED:
            w.figure(caption, rows)
    w.para(funds_sentence(f))


def funds_sentence(f: AnnualFigures) -> str:
    funded = [r for r in f.breakdowns["funding_source"] if r.key in VOLUNTARY_FUNDS]
    if not funded:
        return _(
            "No activity of the period reports funding from the voluntary funds "
            "administered by OHCHR."
        )
    names = "; ".join(
        _("%(fund)s: %(number)s") % {"fund": r.label, "number": number(r.count)}
        for r in funded
    )
    return _(
        "Activities funded by the voluntary funds administered by OHCHR: %(funds)s."
    ) % {"funds": names}


def coverage(w: Writer, f: AnnualFigures) -> None:
    start, end = f.coverage_start, f.coverage_end
    w.heading("IV.", _("Coverage of accepted recommendations"))
    w.para(
        _(
            "Of %(accepted)s accepted recommendations, %(covered)s (%(share)s) were "
            "linked to at least one published activity at the end of the period, "
            "against %(before)s (%(share_before)s) at its start."
        )
        % {
            "accepted": number(end.accepted),
            "covered": number(end.covered),
            "share": percent(end.share),
            "before": number(start.covered),
            "share_before": percent(start.share),
        }
    )
    rows = [
        (_("Accepted recommendations"), start.accepted, end.accepted),
        (_("Covered"), start.covered, end.covered),
    ]
    body = [[label, number(a), number(b), number(b - a)] for label, a, b in rows]
    delta = (end.share - start.share) * 100
    body.append(
        [
            _("Share covered"),
            percent(start.share),
            percent(end.share),
            _("%(number)s points") % {"number": number(delta, 1)},
        ]
    )
    w.table(
        _("Accepted recommendations linked to a published activity"),
        ["", _("Start of the period"), _("End of the period"), _("Change")],
        body,
        numeric={1, 2, 3},
    )


def matchmaking(w: Writer, f: AnnualFigures) -> None:
    total = {k: sum(r.count for r in getattr(f, k)) for k in ("requests", "offers")}
    matches = sum(r.count for r in f.matches)
    w.heading("V.", _("Requests for assistance, offers and matches"))
    w.para(
        ngettext(
            "During the period, States made %(n)s request for assistance.",
            "During the period, States made %(n)s requests for assistance.",
            total["requests"],
        )
        % {"n": number(total["requests"])}
        + " "
        + ngettext(
            "Providers made %(n)s offer of expertise.",
            "Providers made %(n)s offers of expertise.",
            total["offers"],
        )
        % {"n": number(total["offers"])}
        + " "
        + ngettext(
            "%(n)s match between a request and an offer was proposed.",
            "%(n)s matches between requests and offers were proposed.",
            matches,
        )
        % {"n": number(matches)}
        + " "
        + _("The tables below show what has become of them.")
    )
    w.counts(
        _("Requests for assistance made during the period, by current status"),
        _("Status"),
        f.requests,
        total["requests"],
    )
    w.counts(_("Offers made during the period"), _("Status"), f.offers, total["offers"])
    w.counts(
        _("Matches proposed during the period, by current status"),
        _("Status"),
        f.matches,
        matches,
    )


def consent(w: Writer, f: AnnualFigures) -> None:
    c = f.consent
    w.heading("VI.", _("Consent of the States concerned"))
    days = (
        _("The median time from the request to the decision was %(days)s days.")
        % {"days": number(c.median_days, 1)}
        if c.median_days is not None
        else _("No request was decided during the period.")
    )
    w.para(
        _(
            "During the period, the consent of a State was asked %(asked)s times. "
            "States granted consent %(granted)s times, refused it %(refused)s "
            "times and withdrew it %(withdrawn)s times."
        )
        % {
            "asked": number(c.asked),
            "granted": number(c.granted),
            "refused": number(c.refused),
            "withdrawn": number(c.withdrawn),
        }
        + " "
        + days
    )
    rows = [
        (_("Consent requested"), c.asked),
        (_("Granted"), c.granted),
        (_("Refused"), c.refused),
        (_("Withdrawn"), c.withdrawn),
    ]
    w.counts(
        _("Consent requests and decisions during the period"),
        _("Decision"),
        [Row(str(i), label, n) for i, (label, n) in enumerate(rows)],
    )


def good_practices(w: Writer, f: AnnualFigures) -> None:
    w.heading("VII.", _("Good practices"))
    listed = f.good_practice_list[:GOOD_PRACTICES_LISTED]
    w.para(
        ngettext(
            "Contributors highlighted %(n)s activity of the period as a good practice.",
            "Contributors highlighted %(n)s activities of the period as good "
            "practices.",
            f.good_practices,
        )
        % {"n": number(f.good_practices)}
        + (
            " "
            + _("The first %(shown)s are listed below; the annex lists all.")
            % {"shown": number(len(listed))}
            if len(listed) < f.good_practices
            else ""
        )
    )
    if listed:
        w.table(
            _("Good practices highlighted"),
            [_("Activity"), _("States"), _("Organizations")],
            [[r.title, r.states, r.organizations] for r in listed],
        )


SECTIONS = [
    introduction,
    activities,
    breakdowns,
    coverage,
    matchmaking,
    consent,
    good_practices,
]
