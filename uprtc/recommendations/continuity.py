"""Continuity of recommendations across UPR cycles.

A recommendation of a new cycle often repeats or carries on one the State
received before ("continue efforts to…", the same ratification asked again).
:func:`propose_continuity` links each recommendation of a State's cycle to
the earlier ones it most likely continues (scored in
``uprtc/linking/continuity_rank.py``); a moderator or the State's focal point
confirms or rejects each proposal (:func:`decide_links`), every decision
audited. Only confirmed links are public: the lineage on a recommendation's
page, the suggestions of activities and coverage "supported in an earlier
cycle" all rest on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uprtc.activities.content import data_of
from uprtc.activities.models import Activity
from uprtc.activities.permissions import can_edit
from uprtc.activities.services import update_activity
from uprtc.actors.models import User
from uprtc.core import audit
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.embeddings import store
from uprtc.embeddings.text import clean_recommendation
from uprtc.linking import continuity_rank, rank
from uprtc.recommendations.models import (
    ContinuityLink,
    ContinuityStatus,
    Recommendation,
)
from uprtc.search.text import words

MODEL = "e5"  # measured on the hand-checked sample, bench/RESULTS.md
DECISIONS = {
    "confirm": ContinuityStatus.CONFIRMED,
    "reject": ContinuityStatus.REJECTED,
}


@dataclass
class ProposalSummary:
    later: int = 0  # recommendations of the cycle
    proposed: int = 0  # links proposed now (new or rescored)
    kept: int = 0  # decided links left as they were
    removed: int = 0  # earlier proposals no longer proposed
    linked: set[int] = field(default_factory=set)  # later recs with a proposal

    def as_dict(self) -> dict[str, int]:
        return {
            "later": self.later,
            "with_proposals": len(self.linked),
            "proposed": self.proposed,
            "kept": self.kept,
            "removed": self.removed,
        }


def _country(state: Country | str) -> Country:
    if isinstance(state, Country):
        return state
    try:
        return Country.objects.get(iso3=str(state).upper())
    except Country.DoesNotExist:
        raise DomainError(
            _("Unknown State %(state)r.") % {"state": state}, field="state"
        ) from None


def _vectors(ids: list[int]) -> dict[int, np.ndarray]:
    """The e5 vector of each recommendation, computing the missing ones now
    (what the background ``embeddings.refresh`` would store anyway)."""

    store.refresh(MODEL, "recommendation", ids)
    matrix = store.matrix(MODEL, "recommendation")
    rows = matrix.rows(np.array(ids, dtype=np.int64))
    found = [(pk, row) for pk, row in zip(ids, rows, strict=True) if row >= 0]
    if not found:
        return {}
    vectors = matrix.vectors[np.array([row for _pk, row in found])]
    return {pk: vectors[i] for i, (pk, _row) in enumerate(found)}


def pairs_of(
    later: list[Recommendation], earlier: list[Recommendation]
) -> dict[int, dict[int, continuity_rank.Pair]]:
    """The signals of every (later, earlier) pair, by later then earlier id
    (recommendations with ``themes`` prefetched)."""
    everything = later + earlier
    texts = {r.pk: clean_recommendation(r.text) for r in everything}
    terms = {pk: rank.terms(words(t)) for pk, t in texts.items()}
    weights = continuity_rank.idf(list(terms.values()))
    themes = {r.pk: {t.slug for t in r.themes.all()} for r in everything}
    instruments = {pk: continuity_rank.instruments(t) for pk, t in texts.items()}
    vectors = _vectors([r.pk for r in everything])
    out: dict[int, dict[int, continuity_rank.Pair]] = {}
    for rec in later:
        out[rec.pk] = {}
        for old in earlier:
            if rec.pk not in vectors or old.pk not in vectors:
                continue  # no text to embed: nothing to compare
            out[rec.pk][old.pk] = continuity_rank.Pair(
                meaning=float(vectors[rec.pk] @ vectors[old.pk]),
                wording=continuity_rank.weighted_dice(
                    terms[rec.pk], terms[old.pk], weights
                ),
                themes=continuity_rank.jaccard(themes[rec.pk], themes[old.pk]),
                shared_themes=tuple(sorted(themes[rec.pk] & themes[old.pk])),
                instruments=tuple(sorted(instruments[rec.pk] & instruments[old.pk])),
            )
    return out


def candidates_of(
    country: Country, cycle: int
) -> tuple[list[Recommendation], list[Recommendation]]:
    """The State's recommendations of ``cycle``, and of the cycles before."""
    recs = Recommendation.objects.filter(state_under_review=country).prefetch_related(
        "themes"
    )
    later = list(recs.filter(cycle=cycle))
    earlier = list(recs.filter(cycle__lt=cycle, cycle__gt=0))
    return later, earlier


def propose_continuity(
    state: Country | str, cycle: int, *, actor: Any = None
) -> ProposalSummary:
    """Propose, for each recommendation of ``state``'s ``cycle``, the earlier
    ones it continues. Idempotent: links already decided stay as decided;
    proposals are rescored, and those no longer proposed are removed."""
    country = _country(state)
    later, earlier = candidates_of(country, cycle)
    summary = ProposalSummary(later=len(later))
    if not later or not earlier:
        return summary
    proposals = {
        pk: continuity_rank.choose(pairs)
        for pk, pairs in pairs_of(later, earlier).items()
    }
    with transaction.atomic():
        existing = {
            (link.later_id, link.earlier_id): link
            for link in ContinuityLink.objects.select_for_update().filter(
                later__in=[r.pk for r in later]
            )
        }
        wanted = set()
        for later_id, chosen in proposals.items():
            for p in chosen:
                key = (later_id, p.earlier)
                wanted.add(key)
                summary.linked.add(later_id)
                link = existing.get(key)
                if link is None:
                    ContinuityLink.objects.create(
                        later_id=later_id,
                        earlier_id=p.earlier,
                        score=p.score,
                        reasons=p.reasons,
                    )
                    summary.proposed += 1
                elif link.status == ContinuityStatus.PROPOSED:
                    link.score, link.reasons = p.score, p.reasons
                    link.save(update_fields=["score", "reasons"])
                    summary.proposed += 1
        for key, link in existing.items():
            if link.status != ContinuityStatus.PROPOSED:
                summary.kept += 1
            elif key not in wanted:
                link.delete()
                summary.removed += 1
        audit.record(
            "recommendations.continuity.proposed",
            actor=actor,
            data={"state": country.iso3, "cycle": cycle, **summary.as_dict()},
        )
    return summary


# ---- deciding --------------------------------------------------------------


def can_decide(user: Any, country: Country) -> bool:
    """Moderators, and the focal points of the State the recommendations were
    made to: the State knows best what it was asked before."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_moderator or (
        user.focal_point_countries().filter(pk=country.pk).exists()
    )


def decidable_states(user: Any) -> Any:
    """The States whose links ``user`` may decide."""
    if not getattr(user, "is_authenticated", False):
        return Country.objects.none()
    if user.is_moderator:
        return Country.objects.filter(
            recommendations_received__continues__isnull=False
        ).distinct()
    return user.focal_point_countries()


@transaction.atomic
def decide_links(
    actor: User, link_ids: Iterable[int], decision: str, *, comment: str = ""
) -> list[ContinuityLink]:
    """Confirm or reject several links at once, each decision audited. All or
    nothing: one link the actor may not decide refuses the whole batch."""
    if decision not in DECISIONS:
        raise DomainError(_("Decide confirm or reject."), field="decision")
    ids = sorted({int(pk) for pk in link_ids})
    if not ids:
        raise DomainError(_("Select at least one proposed link."), field="links")
    links = list(
        ContinuityLink.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("later__state_under_review")
    )
    if len(links) != len(ids):
        raise Http404
    for state in {link.later.state_under_review for link in links}:
        if not can_decide(actor, state):
            raise NotAllowed(
                _(
                    "Only a moderator or the focal point of %(state)s decides on "
                    "the continuity of its recommendations."
                )
                % {"state": state.name}
            )
    new_status = DECISIONS[decision]
    now = timezone.now()
    for link in links:
        if link.status == new_status:
            continue  # the same decision again (a page submitted twice)
        before = link.status
        link.status, link.decided_by, link.decided_at = new_status, actor, now
        link.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            f"recommendations.continuity.{new_status}",
            actor=actor,
            obj=link,
            before={"status": before},
            after={"status": new_status},
            data={
                "earlier": link.earlier_id,
                "later": link.later_id,
                "score": link.score,
                "comment": comment,
            },
        )
    return links


def confirm_link(actor: User, link: ContinuityLink) -> ContinuityLink:
    return decide_links(actor, [link.pk], "confirm")[0]


def reject_link(actor: User, link: ContinuityLink) -> ContinuityLink:
    return decide_links(actor, [link.pk], "reject")[0]


def confirm_many(actor: User, link_ids: Iterable[int]) -> list[ContinuityLink]:
    return decide_links(actor, link_ids, "confirm")


def reject_many(actor: User, link_ids: Iterable[int]) -> list[ContinuityLink]:
    return decide_links(actor, link_ids, "reject")


# ---- reading ---------------------------------------------------------------


@dataclass
class Step:
    """One recommendation in a lineage."""

    rec: Recommendation
    status: str = ""  # of the link joining it to the chain ("" for itself)
    score: float | None = None
    current: bool = False


def _links_around(rec_ids: set[int], qs: Any) -> list[ContinuityLink]:
    return list(qs.filter(Q(later__in=rec_ids) | Q(earlier__in=rec_ids)))


def lineage(rec: Recommendation, user: Any = None) -> list[Step]:
    """The chain across cycles the recommendation belongs to, oldest cycle
    first: the links ``user`` may see, never rejected ones (so the public
    sees confirmed links only)."""
    qs = ContinuityLink.objects.visible_to(user).exclude(
        status=ContinuityStatus.REJECTED
    )
    seen, frontier = {rec.pk}, {rec.pk}
    status: dict[int, tuple[str, float]] = {}
    while frontier:
        found = set()
        for link in _links_around(frontier, qs):
            for pk in (link.earlier_id, link.later_id):
                if pk not in seen:
                    found.add(pk)
                    status[pk] = (link.status, link.score)
        seen |= found
        frontier = found
    if len(seen) == 1:
        return []
    recs = Recommendation.objects.filter(pk__in=seen).select_related(
        "state_under_review"
    )
    steps = [
        Step(r, *status.get(r.pk, ("", None)), current=r.pk == rec.pk) for r in recs
    ]
    return sorted(steps, key=lambda s: (s.rec.cycle, s.rec.paragraph, s.rec.pk))


def confirmed_ancestors(rec_ids: Iterable[int]) -> dict[int, set[int]]:
    """Every earlier recommendation each one continues, through confirmed
    links and across several cycles (4 → 3 → 2)."""
    parents: dict[int, set[int]] = {}
    for later, earlier in ContinuityLink.objects.public().values_list(
        "later_id", "earlier_id"
    ):
        parents.setdefault(later, set()).add(earlier)
    out = {}
    for pk in rec_ids:
        found: set[int] = set()
        stack = list(parents.get(pk, ()))
        while stack:
            parent = stack.pop()
            if parent not in found:
                found.add(parent)
                stack.extend(parents.get(parent, ()))
        out[pk] = found
    return out


def reason_text(reason: dict[str, Any], theme_names: dict[str, str]) -> str:
    """A stored reason in the reader's language."""
    code = reason.get("code")
    if code == "instruments":
        names = ", ".join(reason.get("names", []))
        return _("both name %(names)s") % {"names": names}
    if code == "wording":
        return _("same wording %(percent)s %%") % {"percent": reason.get("percent")}
    if code == "meaning":
        return _("close in meaning %(percent)s %%") % {"percent": reason.get("percent")}
    if code == "themes":
        slugs = reason.get("themes", [])
        names = ", ".join(theme_names.get(s, s) for s in slugs)
        return ngettext(
            "same theme: %(names)s", "same themes: %(names)s", len(slugs)
        ) % {"names": names}
    return ""


# ---- suggestions of activities --------------------------------------------


@dataclass
class Suggestion:
    activity: Any
    ancestors: list[Recommendation]
    can_link: bool = False


def suggested_activities(rec: Recommendation, user: Any) -> list[Suggestion]:
    """Published activities linked to a confirmed ancestor of ``rec`` and not
    to ``rec`` itself, for the people who may act on them: moderators, the
    State's focal points, and those who may edit the activity (its
    submitters). Never linked here: each has a button that asks."""

    if not getattr(user, "is_authenticated", False):
        return []
    ancestors = confirmed_ancestors([rec.pk])[rec.pk]
    if not ancestors:
        return []
    deciders = can_decide(user, rec.state_under_review)
    candidates = (
        Activity.objects.public()
        .filter(recommendations__in=ancestors)
        .exclude(recommendations=rec)
        .distinct()
        .prefetch_related("recommendations")
        .order_by("-published_at", "-pk")
    )
    out = []
    for activity in candidates:
        editable = can_edit(user, activity)
        if not (deciders or editable):
            continue
        linked = [r for r in activity.recommendations.all() if r.pk in ancestors]
        out.append(Suggestion(activity, linked, can_link=editable))
    return out


def link_suggested_activity(actor: User, rec: Recommendation, activity: Any) -> Any:
    """Link an activity to ``rec`` because it supported an earlier form of
    it, through the activity's own edit service (``update_activity``): its
    rules, review of changes to approved activities, and audit apply."""

    ancestors = confirmed_ancestors([rec.pk])[rec.pk]
    if not activity.recommendations.filter(pk__in=ancestors).exists():
        raise DomainError(
            _("This activity supports no earlier form of this recommendation."),
            field="activity",
        )
    data = data_of(activity)
    current = data.m2m.setdefault("recommendations", [])
    if rec.pk not in current:
        current.append(rec.pk)
    return update_activity(actor, activity, data)
