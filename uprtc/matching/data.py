"""From database rows to the engine's plain data, in few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from uprtc import embeddings
from uprtc.activities.models import Activity
from uprtc.actors.models import OrgType
from uprtc.matching.engine import OfferData, RequestData
from uprtc.matching.models import AssistanceRequest, BudgetSituation, MatchStatus, Offer


def request_data(req: AssistanceRequest) -> RequestData:
    state = req.state
    return RequestData(
        id=req.pk,
        state=state.iso3,
        region=state.region.m49 if state.region_id else "",
        subregion=state.subregion.m49 if state.subregion_id else "",
        group=state.regional_group,
        priority=state.ldc or state.sids,
        languages=frozenset(req.languages),
        themes=frozenset(t.slug for t in req.themes.all()),
        sdgs=frozenset(str(g.number) for g in req.sdg_goals.all()),
        modalities=frozenset(req.modalities),
        recommending_states=frozenset(
            c.iso3
            for r in req.recommendations.all()
            for c in r.recommending_states.all()
        ),
        start=req.start_date,
        end=req.end_date,
        needs_funding=req.budget_situation != BudgetSituation.FUNDED,
        vector=embeddings.from_bytes(req.embedding),
    )


def _records(org_ids: Iterable[int]) -> dict[int, dict[str, set[str]]]:
    """Each provider's published activities: themes, countries, regions."""
    out: dict[int, dict[str, set[str]]] = defaultdict(
        lambda: {"themes": set(), "countries": set(), "regions": set()}
    )
    public = (
        Activity.objects.public()
        .filter(
            Q(submitter_org__in=org_ids) | Q(participants__organization__in=org_ids)
        )
        .distinct()
    )
    for act in public.prefetch_related(
        "themes", "consents__country__region", "participants"
    ):
        orgs = {act.submitter_org_id} | {
            p.organization_id for p in act.participants.all()
        }
        for org in orgs & set(org_ids):
            out[org]["themes"].update(t.slug for t in act.themes.all())
            for c in act.consents.all():
                out[org]["countries"].add(c.country.iso3)
                if c.country.region_id:
                    out[org]["regions"].add(c.country.region.m49)
    return out


def offers_data(offers: Iterable[Offer]) -> list[OfferData]:
    offers = list(offers)
    org_ids = {o.organization_id for o in offers}
    records = _records(org_ids)
    engaged = dict(
        Offer.objects.filter(pk__in=[o.pk for o in offers])
        .annotate(n=Count("matches", filter=Q(matches__status=MatchStatus.ACCEPTED)))
        .values_list("pk", "n")
    )
    out = []
    for o in offers:
        org = o.organization
        country = org.country
        rec = records.get(
            o.organization_id, {"themes": set(), "countries": set(), "regions": set()}
        )
        out.append(
            OfferData(
                id=o.pk,
                provider_state=country.iso3
                if org.org_type == OrgType.STATE and country
                else "",
                provider_country=country.iso3 if country else "",
                provider_region=country.region.m49
                if country and country.region_id
                else "",
                provider_group=country.regional_group if country else "",
                languages=frozenset(o.languages),
                countries=frozenset(c.iso3 for c in o.countries.all()),
                regions=frozenset(o.regions),
                capacity=o.capacity,
                engaged=engaged.get(o.pk, 0),
                themes=frozenset(t.slug for t in o.themes.all()),
                sdgs=frozenset(str(g.number) for g in o.sdg_goals.all()),
                modalities=frozenset(o.modalities),
                valid_from=o.valid_from,
                valid_to=o.valid_to,
                funding=o.funding_available,
                vector=embeddings.from_bytes(o.embedding),
                record_themes=frozenset(rec["themes"]),
                record_countries=frozenset(rec["countries"]),
                record_regions=frozenset(rec["regions"]),
            )
        )
    return out


def active_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(active=True)
        .select_related("organization__country__region")
        .prefetch_related("countries", "themes", "sdg_goals")
    )


def open_requests() -> QuerySet[AssistanceRequest]:
    return (
        AssistanceRequest.objects.filter(status="open")
        .select_related("state__region", "state__subregion")
        .prefetch_related("themes", "sdg_goals", "recommendations__recommending_states")
    )
