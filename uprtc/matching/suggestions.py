"""Likely providers when no offer fits: the States that made the
recommendations (para 7) and organizations with published activities on the
same themes in the same region."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from uprtc.activities.models import Activity
from uprtc.actors.models import Organization, OrgType
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import Theme


def suggest_providers(
    state: Country,
    recommendations: Iterable[Recommendation],
    themes: Iterable[Theme],
    limit: int = 10,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    recommending = Counter(
        c for r in recommendations for c in r.recommending_states.all() if c != state
    )
    for country, n in recommending.most_common(limit):
        org = Organization.objects.filter(
            org_type=OrgType.STATE, country=country
        ).first()
        out.append(
            {
                "kind": "recommending-state",
                "name": country.name,
                "country": country.iso3,
                "organization_id": org.pk if org else None,
                "reason": _(
                    "made %(n)s of these recommendations, which %(state)s accepted"
                )
                % {"n": n, "state": state.name},
            }
        )
    theme_ids = [t.pk for t in themes]
    if theme_ids and state.region_id:
        activities = (
            Activity.objects.public()
            .filter(themes__in=theme_ids, consents__country__region=state.region_id)
            .distinct()
            .values_list("pk", flat=True)
        )
        # only organizations shown by name: an anonymous CSO's track record
        # in a region would point at who it is
        named = Organization.objects.named_publicly()
        counts = Counter(
            named.filter(participations__activity__in=activities).values_list(
                "pk", flat=True
            )
        ) + Counter(
            Activity.objects.filter(
                pk__in=activities, submitter_org__in=named
            ).values_list("submitter_org", flat=True)
        )
        orgs = Organization.objects.in_bulk(
            [pk for pk, _n in counts.most_common(limit)]
        )
        for pk, n in counts.most_common(limit):
            out.append(
                {
                    "kind": "track-record",
                    "name": orgs[pk].public_name,
                    "country": "",
                    "organization_id": pk,
                    "reason": _(
                        "%(n)s published activities on these themes in %(region)s"
                    )
                    % {"n": n, "region": state.region.name},
                }
            )
    return out[: 2 * limit]


def for_request(req: Any) -> list[dict[str, Any]]:
    return suggest_providers(req.state, req.recommendations.all(), req.themes.all())


def for_recommendation(rec: Recommendation) -> list[dict[str, Any]]:
    return suggest_providers(rec.state_under_review, [rec], rec.themes.all())
