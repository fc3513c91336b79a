"""Matchmaking workflow steps: post a request or an offer, rank and propose
matches, respond to them, run the coordinated plan. Atomic, guarded, audited,
notified; the scoring itself is in ``engine.py`` and ``plan.py``."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from uprtc import embeddings
from uprtc.activities import services as activity_services
from uprtc.activities.choices import ConsentStatus
from uprtc.activities.records import record_decision
from uprtc.activities.services import ActivityData
from uprtc.actors.models import Organization, OrgType, User
from uprtc.core import audit, publication
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.tasks import enqueue
from uprtc.matching import data, engine, plan
from uprtc.matching.matrix import OfferMatrix
from uprtc.matching.models import (
    AssistanceRequest,
    Match,
    MatchStatus,
    Offer,
    PlanRun,
    Posting,
    RequestStatus,
)
from uprtc.matching.plan import CANDIDATES
from uprtc.matching.weights import DEFAULT, LABELS, Weights
from uprtc.notifications.params import choice_label
from uprtc.notifications.services import notify
from uprtc.search.documents import REQUEST
from uprtc.search.index import sync

PROPOSE = 10  # matches kept per request
MIN_SCORE = 0.25
P = TypeVar("P", bound=Posting)


def _embed(text: str) -> bytes:
    return embeddings.to_bytes(embeddings.embed([text])[0])


def _check_languages(languages: list[str]) -> None:
    if not languages:
        raise DomainError(_("Name at least one working language."), field="languages")
    bad = [code for code in languages if len(code) != 2 or not code.isalpha()]
    if bad:
        raise DomainError(
            _("Languages are ISO 639-1 codes such as en, fr, ar: %(bad)s")
            % {"bad": ", ".join(bad)},
            field="languages",
        )


# as an activity's description (activities.services.MAX_TEXT)
MAX_TEXT = 20_000


def _check_text(values: dict[str, Any], name: str) -> None:
    if len(values.get(name) or "") > MAX_TEXT:
        raise DomainError(
            _("At most %(n)s characters (this has %(has)s).")
            % {
                "n": number_format(MAX_TEXT, force_grouping=True),
                "has": number_format(len(values[name]), force_grouping=True),
            },
            field=name,
        )


def _check_period(values: dict[str, Any], start: str, end: str) -> None:
    if values.get(start) and values.get(end) and values[end] < values[start]:
        raise DomainError(_("The end date is before the start date."), field=end)


def _check_posting(
    values: dict[str, Any], text: str, empty: str, period: tuple[str, str]
) -> None:
    """The rules a request and an offer share, in the order people meet them."""
    if not values.get(text, "").strip():
        raise DomainError(empty, field=text)
    _check_languages(values.get("languages", []))
    _check_period(values, *period)
    _check_text(values, text)


def _save_posting(
    model: type[P],
    actor: User,
    values: dict[str, Any],
    m2m: dict[str, list[Any]],
    after: dict[str, str],
    **owner: Any,
) -> P:
    """Create a request or an offer with its embedding and labels, audited
    and indexed; its matches are proposed by the caller."""
    text = model.TEXT
    obj = model(created_by=actor, embedding=_embed(values[text]), **owner, **values)
    obj.save(force_insert=True)
    for name, items in m2m.items():
        getattr(obj, name).set(items)
    audit.record(
        f"matching.{model.KIND}.created",
        actor=actor,
        obj=obj,
        after={**after, text: getattr(obj, text)[:200]},
    )
    sync(model.KIND, [obj.pk])
    return obj


@transaction.atomic
def create_request(
    actor: User, values: dict[str, Any], m2m: dict[str, list[Any]]
) -> AssistanceRequest:
    """By a State's focal point, for that State."""
    states = list(actor.focal_point_countries())
    if not states:
        raise NotAllowed(_("Only a State's focal point posts requests for assistance."))
    _check_posting(values, "need", _("Describe the need."), ("start_date", "end_date"))
    state = states[0]
    org = Organization.objects.get(
        org_type=OrgType.STATE,
        country=state,
        memberships__user=actor,
        memberships__role="focal-point",
    )
    req = _save_posting(
        AssistanceRequest,
        actor,
        values,
        {**m2m, **suggested_labels(m2m)},
        {"state": state.iso3},
        state=state,
        organization=org,
    )
    propose_for_request(req)
    return req


def suggested_labels(m2m: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Themes and SDG goals and targets the request did not name, taken from
    the accepted recommendations it concerns (OHCHR labels them)."""
    recs = m2m.get("recommendations") or []
    out: dict[str, list[Any]] = {}
    for name in ("themes", "sdg_goals", "sdg_targets"):
        if not m2m.get(name) and recs:
            out[name] = list({obj for r in recs for obj in getattr(r, name).all()})
    return out


# far above any real provider, far below what the column holds
MAX_CAPACITY = 1000


@transaction.atomic
def create_offer(
    actor: User, org: Organization, values: dict[str, Any], m2m: dict[str, list[Any]]
) -> Offer:
    """By any approved member of a provider organization."""
    if not actor.approved_memberships().filter(organization=org).exists():
        raise NotAllowed(
            _("You are not an approved member of %(org)s.") % {"org": org.name}
        )
    _check_posting(
        values,
        "expertise",
        _("Describe the expertise offered."),
        ("valid_from", "valid_to"),
    )
    if not 1 <= values.get("capacity", 1) <= MAX_CAPACITY:
        raise DomainError(
            _("Capacity is from one to %(n)s engagements at once.")
            % {"n": MAX_CAPACITY},
            field="capacity",
        )
    offer = _save_posting(
        Offer, actor, values, m2m, {"organization": org.name}, organization=org
    )
    propose_for_offer(offer)
    return offer


def explanation_json(values: Any, weights: Weights = DEFAULT) -> list[dict[str, Any]]:
    """Each feature's part of the score (the parts add up to the score)."""
    return [
        {
            "feature": p.feature,
            "value": round(p.value, 4),
            "weight": round(p.weight, 4),
            "contribution": round(p.contribution, 4),
        }
        for p in engine.explain(values, weights).parts
    ]


def explanation_text(parts: list[dict[str, Any]]) -> list[str]:
    """The explanation in plain words, in the current language."""
    return [
        f"{LABELS[p['feature']]}: {p['value']:.0%} (+{p['contribution']:.2f})"
        for p in sorted(parts, key=lambda p: -p["contribution"])
        if p["contribution"]
    ]


@transaction.atomic
def propose_for_request(
    req: AssistanceRequest, weights: Weights = DEFAULT
) -> list[Match]:
    """Rank every active offer and keep the best as proposed matches (a
    match already answered keeps its status)."""
    request = data.request_data(req)
    ranked = OfferMatrix(data.offers_data(data.active_offers())).rank(
        request, weights, limit=PROPOSE
    )
    kept = []
    for offer_id, score, values in zip(
        ranked.offer_ids[:PROPOSE],
        ranked.scores[:PROPOSE],
        ranked.features[:PROPOSE],
        strict=True,
    ):
        if score < MIN_SCORE:
            break
        pair = {"request": req, "offer_id": int(offer_id)}
        kept.append(_keep(pair, score, values, weights, updated_at=timezone.now()))
    return kept


@transaction.atomic
def propose_for_offer(offer: Offer, weights: Weights = DEFAULT) -> list[Match]:
    offer_data = data.offers_data([offer])[0]
    scored = []
    for req in data.open_requests():
        request = data.request_data(req)
        ranked = engine.rank(request, [offer_data], weights)
        if len(ranked.scores) and ranked.scores[0] >= MIN_SCORE:
            scored.append((float(ranked.scores[0]), req, ranked.features[0]))
    return [
        _keep(
            {"request": req, "offer": offer},
            score,
            values,
            weights,
            updated_at=timezone.now(),
        )
        for score, req, values in sorted(scored, key=lambda s: -s[0])[:PROPOSE]
    ]


def _keep(
    pair: dict[str, Any], score: float, values: Any, weights: Weights, **changed: Any
) -> Match:
    """The match of a request and an offer, proposed or refreshed (a match
    already answered keeps its status)."""
    match, _created = Match.objects.update_or_create(
        **pair,
        defaults={
            "score": float(score),
            "explanation": explanation_json(values, weights),
            **changed,
        },
    )
    return match


def unseen(model: Any, actor: User, pk: int) -> None:
    """One refusal for what the actor cannot see, before any other check: no
    message may name the State or organization of a hidden object."""
    if not model.objects.visible_to(actor).filter(pk=pk).exists():
        raise Http404


def seeing(match: Match, people: list[User]) -> list[User]:
    """Those of ``people`` who may see ``match``: a notification is a channel."""
    return [
        u for u in people if Match.objects.visible_to(u).filter(pk=match.pk).exists()
    ]


def _side(obj: AssistanceRequest | Offer) -> list[User]:
    """Who hears of a match for one side: the State's focal points for a
    request, the organization's members for an offer."""
    if isinstance(obj, AssistanceRequest):
        return activity_services.focal_points(obj.state)
    return activity_services.org_members(obj.organization)


def _tell(match: Match, people: list[User]) -> None:
    """Those of ``people`` who may see ``match`` hear of its new status, with a
    link to the request (notify puts it in each one's language)."""
    notify(
        seeing(match, people),
        "match-updated",
        {"match": match, "status_label": choice_label(match, "status")},
        match.request.get_absolute_url(),
    )


@transaction.atomic
def respond_to_match(
    actor: User, match: Match, decision: str, reason: str = ""
) -> Match:
    """proposed → provider interested → State accepts (an activity draft is
    created, the State's consent recorded); either side may decline."""
    match = (
        Match.objects.select_for_update()
        .select_related("request__state", "offer__organization")
        .get(pk=match.pk)
    )
    unseen(Match, actor, match.pk)
    before = match.status
    if decision == "interested":
        if not match.offer.is_poster(actor):
            raise NotAllowed(_("Only the offering organization says it is interested."))
        if match.status != MatchStatus.PROPOSED:
            raise DomainError(_("Only a proposed match can be taken up."))
        match.status = MatchStatus.INTERESTED
        recipients = _side(match.request)
    elif decision == "accept":
        if not match.request.is_poster(actor):
            raise NotAllowed(
                _("Only the focal point of %(state)s accepts for %(state)s.")
                % {"state": match.request.state.name}
            )
        if match.status != MatchStatus.INTERESTED:
            raise DomainError(_("The provider must first say it is interested."))
        match.status = MatchStatus.ACCEPTED
        match.activity = _draft_activity(actor, match)
        AssistanceRequest.objects.filter(pk=match.request_id).update(
            status=RequestStatus.MATCHED
        )
        publication.bump()
        sync(REQUEST, [match.request_id])
        recipients = _side(match.offer)
    elif decision == "decline":
        if not (match.offer.is_poster(actor) or match.request.is_poster(actor)):
            raise NotAllowed(_("Only the two sides of a match may decline it."))
        if not reason.strip():
            raise DomainError(
                _("Give a reason, so the other side understands."), field="reason"
            )
        if match.status in (MatchStatus.ACCEPTED, MatchStatus.DECLINED):
            raise DomainError(_("This match has already been decided."))
        match.status = MatchStatus.DECLINED
        recipients = [*_side(match.offer), *_side(match.request)]
    else:
        raise DomainError(_("Decide interested, accept or decline."), field="decision")
    match.reason = reason
    match.updated_at = timezone.now()
    match.save()
    audit.record(
        f"matching.match.{match.status}",
        actor=actor,
        obj=match,
        before={"status": before},
        after={"status": match.status},
        data={"reason": reason},
    )
    _tell(match, recipients)
    return match


def _draft_activity(actor: User, match: Match) -> Any:
    req, offer = match.request, match.offer
    provider = User.objects.filter(
        memberships__organization=offer.organization, memberships__status="approved"
    ).first()
    modality = next(iter(set(req.modalities) & set(offer.modalities)), "")
    activity = activity_services.create_activity(
        provider or actor,
        offer.organization,
        ActivityData(
            title=req.need.split("\n")[0][:200],
            description=f"{req.need}\n\n{offer.expertise}",
            concerned_states=[req.state],
            scalars={
                "modality": modality,
                "languages": sorted(set(req.languages) & set(offer.languages)),
            },
            m2m={
                "recommendations": list(req.recommendations.all()),
                "themes": list(req.themes.all()),
                "sdg_goals": list(req.sdg_goals.all()),
            },
        ),
    )
    record_decision(
        activity.consents.select_related("country", "activity").get(country=req.state),
        ConsentStatus.GRANTED,
        actor,
        how="match-accepted",
        comment=_("Consent given by accepting the match."),
    )
    return activity


def run_plan(actor: User, k: int = 3, weights: Weights = DEFAULT) -> list[Match]:
    """The coordinated plan over all open requests and active offers; the
    chosen pairs become proposed matches marked ``in_plan`` for a moderator
    to review and send."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator runs the coordinated plan."))
    requests = list(data.open_requests())
    offers = data.offers_data(data.active_offers())
    matrix = OfferMatrix(offers)
    edges, cells = [], {}
    for req in requests:
        request = data.request_data(req)
        ranked = matrix.rank(request, weights, limit=CANDIDATES)
        priority = weights.ldc_sids_priority if request.priority else 1.0
        for offer_id, score, values in zip(
            ranked.offer_ids, ranked.scores, ranked.features, strict=True
        ):
            if score >= MIN_SCORE:
                edges.append(
                    plan.Edge(
                        req.pk, int(offer_id), float(score), float(score) * priority
                    )
                )
                cells[(req.pk, int(offer_id))] = values
    capacity = {o.id: o.capacity - o.engaged for o in offers}
    chosen = plan.solve(edges, capacity, k)
    with transaction.atomic():
        Match.objects.filter(in_plan=True, status=MatchStatus.PROPOSED).update(
            in_plan=False
        )
        out = [
            _keep(
                {"request_id": edge.request, "offer_id": edge.offer},
                edge.score,
                cells[(edge.request, edge.offer)],
                weights,
                in_plan=True,
            )
            for edge in chosen
        ]
        audit.record(
            "matching.plan.computed",
            actor=actor,
            data={
                "requests": len(requests),
                "offers": len(offers),
                "edges": len(edges),
                "chosen": len(chosen),
                "k": k,
            },
        )
    return out


@transaction.atomic
def send_plan(actor: User) -> int:
    """A moderator, having reviewed the plan, sends its proposals: each
    provider and each State hears of its proposed matches."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator sends the plan's proposals."))
    pending = list(
        Match.objects.select_for_update()
        .filter(in_plan=True, status=MatchStatus.PROPOSED, sent_at__isnull=True)
        .select_related("request__state", "offer__organization")
    )
    now = timezone.now()
    for match in pending:
        match.sent_at = now
        match.save(update_fields=["sent_at"])
        _tell(match, [*_side(match.offer), *_side(match.request)])
    audit.record("matching.plan.sent", actor=actor, data={"matches": len(pending)})
    return len(pending)


def request_plan(actor: User, k: int = 3) -> PlanRun:
    """Queue a plan: a worker runs it, or this process once the run is
    committed when no queue is configured (TASKS_INLINE)."""
    if not actor.is_moderator:
        raise NotAllowed(_("Only a moderator runs the coordinated plan."))
    if not 1 <= k <= 10:
        raise DomainError(_("Between 1 and 10 proposals per request."), field="k")
    run = PlanRun.objects.create(requested_by=actor, k=k)
    audit.record("matching.plan.queued", actor=actor, obj=run, data={"k": k})
    enqueue("matching.process_plans")
    run.refresh_from_db()
    return run


def _run_plan_run(run: PlanRun) -> dict[str, Any]:
    return {"proposals": len(run_plan(run.requested_by, k=run.k))}


def process_plan_runs() -> int:
    """Run the queued plans, after taking back those whose worker stopped; each
    is claimed with a conditional update, so several workers never run the same
    one (``uprtc.core.jobs.Job.process``)."""
    return PlanRun.process(_run_plan_run)


REQUEST_MOVES: dict[str, set[str]] = {
    RequestStatus.OPEN: {RequestStatus.CLOSED},
    RequestStatus.MATCHED: {RequestStatus.IN_PROGRESS, RequestStatus.CLOSED},
    RequestStatus.IN_PROGRESS: {RequestStatus.FULFILLED, RequestStatus.CLOSED},
    RequestStatus.FULFILLED: {RequestStatus.CLOSED},
    RequestStatus.CLOSED: {RequestStatus.OPEN},
}


@transaction.atomic
def set_request_status(
    actor: User, req: AssistanceRequest, status: str
) -> AssistanceRequest:
    """The State's focal point (or a moderator) moves its request along."""
    req = AssistanceRequest.objects.select_for_update().get(pk=req.pk)
    _may_manage(actor, req)
    if status not in REQUEST_MOVES.get(req.status, set()):
        raise DomainError(
            _("A request cannot go from %(old)s to %(new)s.")
            % {"old": req.get_status_display(), "new": status},
            field="status",
        )
    before = req.status
    req.status = status
    req.save(update_fields=["status"])
    _changed(actor, req, "status", before)
    return req


@transaction.atomic
def set_offer_active(actor: User, offer: Offer, active: bool) -> Offer:
    """The offering organization closes (or reopens) its offer."""
    _may_manage(actor, offer)
    before = offer.active
    Offer.objects.filter(pk=offer.pk).update(active=active)
    publication.bump()
    offer.active = active
    _changed(actor, offer, "active", before)
    return offer


def _may_manage(actor: User, obj: Posting) -> None:
    """Whoever speaks for its side, or a moderator, manages a request or an
    offer; one that the actor cannot see is not found, before any refusal."""
    unseen(type(obj), actor, obj.pk)
    if actor.is_moderator or obj.is_poster(actor):
        return
    if isinstance(obj, AssistanceRequest):
        raise NotAllowed(
            _("Only the focal point of %(state)s manages this request.")
            % {"state": obj.state.name}
        )
    raise NotAllowed(_("Only the offering organization manages this offer."))


def _changed(actor: User, obj: Posting, name: str, before: Any) -> None:
    audit.record(
        f"matching.{obj.KIND}.{name}",
        actor=actor,
        obj=obj,
        before={name: before},
        after={name: getattr(obj, name)},
    )
    sync(obj.KIND, [obj.pk])
