"""The demo's activity repository: real IATI human-rights activities, taken
through the real workflow services so that every stage of the workflow is
present, with demo personas to sign in as (README, "Demo personas").

For the demo only: the personas share one published password, and the
moderator and focal points one published authenticator secret, so that they
sign in with a second factor like everyone (MFA stays strict) without the
e-mailed enrolment link."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.hashers import make_password
from django.test.utils import override_settings

from uprtc.activities import consent, content, services
from uprtc.activities.choices import (
    IATI_STATUS,
    CooperationType,
    FundingSource,
    Provenance,
)
from uprtc.activities.models import Activity
from uprtc.activities.services import ActivityData
from uprtc.actors.models import Membership, Organization, OrgType, Role, User
from uprtc.actors.services import add_user
from uprtc.countries.models import Country
from uprtc.demo.iati_seed import SeedActivity, SeedOrg, read_seed
from uprtc.recommendations.models import Recommendation, Response
from uprtc.taxonomies.models import SdgGoal, SdgTarget, Theme

DATA = Path(__file__).resolve().parent / "data" / "dportal_humanrights_subset.xml"
DEMO_PASSWORD = "uprtc-demo-2026"
# Base32 TOTP secret of every demo moderator and focal point (README).
DEMO_TOTP_SECRET = "UPRTCDEMOUPRTCDEMOUPRTCDEMOUPRTC"
DEMO_DOMAIN = "demo.uprtc.org"
MODERATOR = f"moderator@{DEMO_DOMAIN}"
CSO_CONTRIBUTOR = "contributor@demo.uprtc.org"
ACTOR = "command:load-demo"
IATI_ORG_TYPES = {
    "10": OrgType.STATE,
    "11": OrgType.STATE,
    "15": OrgType.STATE,
    "21": OrgType.CSO,
    "22": OrgType.CSO,
    "23": OrgType.CSO,
    "24": OrgType.CSO,
    "30": OrgType.PRIVATE_SECTOR,
    "40": OrgType.INTERGOVERNMENTAL,
    "60": OrgType.CSO,
    "70": OrgType.PRIVATE_SECTOR,
    "71": OrgType.PRIVATE_SECTOR,
    "72": OrgType.PRIVATE_SECTOR,
    "73": OrgType.PRIVATE_SECTOR,
    "80": OrgType.ACADEMIA,
}
COLLABORATION = {
    "1": CooperationType.BILATERAL,
    "2": CooperationType.MULTILATERAL,
    "3": CooperationType.BILATERAL,
    "4": CooperationType.MULTILATERAL,
    "7": CooperationType.BILATERAL,
    "8": CooperationType.TRIANGULAR,
}
SECTOR_THEMES = {
    "15160": ["equality-and-non-discrimination"],
    "15170": ["advancement-of-women", "discrimination-against-women"],
    "15180": ["violence-against-women", "sexual-and-gender-based-violence"],
    "15130": ["administration-of-justice-and-fair-trial"],
}
# Registry prefixes of donor governments → the State they are (IATI type 10).
GOVERNMENT_PREFIX = {
    "SE": "SWE",
    "GB": "GBR",
    "CA": "CAN",
    "AU": "AUS",
    "ES": "ESP",
    "NL": "NLD",
    "DE": "DEU",
    "FR": "FRA",
    "CH": "CHE",
    "US": "USA",
    "DK": "DNK",
    "FI": "FIN",
    "NO": "NOR",
    "IT": "ITA",
    "BE": "BEL",
    "IE": "IRL",
    "NZ": "NZL",
    "JP": "JPN",
    "KR": "KOR",
    "XM": "",
}


@functools.cache
def _demo_hash() -> str:
    # hashing is deliberately slow; the demo's hundred personas share one hash
    return make_password(DEMO_PASSWORD)


def _password(user: User) -> None:
    user.password = _demo_hash()
    user.save(update_fields=["password"])


def _second_factor(user: User) -> None:
    if not is_mfa_enabled(user):
        TOTP.activate(user, DEMO_TOTP_SECRET)


def personas() -> dict[str, User]:
    mod = add_user(
        MODERATOR,
        org_name="OHCHR (demo)",
        org_type=OrgType.UN_ENTITY,
        role=Role.MODERATOR,
        actor=ACTOR,
        send_enrolment=False,
    ).user
    _second_factor(mod)
    cso = add_user(
        CSO_CONTRIBUTOR,
        org_name="Human Rights Centre (demo)",
        org_type=OrgType.CSO,
        country_iso3="SVN",
        role=Role.CONTRIBUTOR,
        actor=ACTOR,
    ).user
    for user in (mod, cso):
        _password(user)
    return {"moderator": mod, "cso": cso}


def focal_point(country: Country) -> User:
    email = f"focal-point-{country.iso3.lower()}@demo.uprtc.org"
    user = add_user(
        email,
        org_name=f"{country.name_en} — Ministry of Foreign Affairs (demo)",
        org_type=OrgType.STATE,
        country_iso3=country.iso3,
        role=Role.FOCAL_POINT,
        actor=ACTOR,
        send_enrolment=False,
    ).user
    if not user.has_usable_password():
        _password(user)
    _second_factor(user)
    return user


def type_and_state(org: SeedOrg) -> tuple[str, Country | None]:
    """The organization type of an IATI organisation, and its State: a
    government is a State when its registry prefix names one, otherwise it
    counts as an intergovernmental body."""
    org_type = IATI_ORG_TYPES.get(org.iati_type, OrgType.CSO)
    if org_type != OrgType.STATE:
        return org_type, None
    iso3 = GOVERNMENT_PREFIX.get(org.ref.split("-")[0], "")
    country = Country.objects.filter(iso3=iso3).first() if iso3 else None
    return (OrgType.INTERGOVERNMENTAL, None) if country is None else (org_type, country)


def provider(org: SeedOrg) -> Organization:
    org_type, country = type_and_state(org)
    found = Organization.objects.filter(name=org.name[:250], org_type=org_type).first()
    if found:
        return found
    created = Organization.objects.create(
        name=org.name[:250], org_type=org_type, country=country, iati_ref=org.ref[:100]
    )
    email = f"contributor-{created.pk}@demo.uprtc.org"
    user = User.objects.create_user(email)
    _password(user)
    Membership.objects.create(
        user=user,
        organization=created,
        role=Role.CONTRIBUTOR,
        status=Membership.Status.APPROVED,
    )
    return created


def _data(seed: SeedActivity, countries: list[Country]) -> ActivityData:
    themes = {s for code in seed.dac_sectors for s in SECTOR_THEMES.get(code, [])}
    m2m: dict[str, list[Any]] = {
        "themes": list(Theme.objects.filter(slug__in=themes)),
        "sdg_goals": list(SdgGoal.objects.filter(number__in=seed.sdg_goals)),
        "sdg_targets": list(SdgTarget.objects.filter(code__in=seed.sdg_targets)),
        "recommendations": list(
            Recommendation.objects.filter(
                state_under_review__in=countries,
                response=Response.SUPPORTED,
                themes__slug__in=themes,
            ).distinct()[:3]
        ),
    }
    funder = any(
        p.role == "funder" and IATI_ORG_TYPES.get(p.iati_type) == OrgType.STATE
        for p in seed.participants
    )
    return ActivityData(
        title=seed.title[:500],
        description=seed.description or seed.title,
        concerned_states=countries,
        scalars={
            "language": seed.language,
            "iati_identifier": seed.iati_identifier[:200],
            "implementation_status": IATI_STATUS.get(seed.status, ""),
            "start_date": seed.start_date,
            "end_date": seed.end_date,
            # a budget without its currency cannot be read: leave both out
            "budget": seed.budget if seed.currency else None,
            "currency": seed.currency if seed.budget is not None else "",
            "cooperation_type": COLLABORATION.get(seed.collaboration_type, ""),
            "funding_source": FundingSource.BILATERAL if funder else "",
            "links": seed.links,
        },
        m2m=m2m,
        participants=[
            {"organization": None, "name": p.name, "role": p.role, "iati_ref": p.ref}
            for p in seed.participants
        ],
    )


# Where each activity ends up, by its position in the file: most are
# published; a few stop at each other stage so that every stage shows.
def _stage(index: int) -> str:
    for stage, every in (
        ("draft", 53),
        ("returned", 47),
        ("rejected", 43),
        ("submitted", 17),
        ("awaiting-consent", 13),
        ("refused", 29),
        ("withdrawn", 31),
        ("confidential", 61),
    ):
        if index % every == every - 1:
            return stage
    return "published"


def _advance(activity: Activity, stage: str, author: User, moderator: User) -> None:
    if stage == "draft":
        return
    services.submit_activity(author, activity)
    if stage == "submitted":
        return
    if stage in ("returned", "rejected"):
        step = (
            services.return_submission
            if stage == "returned"
            else (services.reject_submission)
        )
        step(moderator, activity, "Please link the UPR recommendations it supports.")
        return
    services.approve_submission(moderator, activity)
    if stage in ("awaiting-consent", "confidential"):
        return
    consents = list(activity.consents.select_related("country"))
    for number, item in enumerate(consents):
        decide = (
            consent.refuse_consent
            if stage == "refused" and number == 0
            else (consent.grant_consent)
        )
        if item.status != "granted":
            decide(focal_point(item.country), activity, item.country)
    if stage == "withdrawn":
        country = consents[0].country
        consent.withdraw_consent(focal_point(country), activity, country)


def load_activities(limit: int | None = None) -> dict[str, int]:
    """Idempotent: activities already loaded (same IATI identifier) are skipped."""
    people = personas()
    cso = people["cso"].approved_memberships().get().organization
    done = set(
        Activity.objects.exclude(iati_identifier="").values_list(
            "iati_identifier", flat=True
        )
    )
    stages: Counter[str] = Counter()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        for index, seed in enumerate(read_seed(DATA, limit)):
            countries = list(Country.objects.filter(iso2__in=seed.countries))
            if seed.iati_identifier in done or not countries:
                continue
            stage = _stage(index)
            # the demo CSO's own desk shows a draft and a returned submission
            org = (
                cso if stage in ("draft", "returned") else provider(seed.reporting_org)
            )
            author = people["cso"] if org == cso else (org.memberships.first().user)  # type: ignore[union-attr]
            data = _data(seed, countries)
            data.scalars["confidential"] = stage == "confidential"
            activity = services.create_activity(
                author, org, data, Provenance.IATI, seed.iati_identifier
            )
            _advance(activity, stage, author, people["moderator"])
            stages[stage] += 1
    return dict(stages)


SLOVENIA = [
    (
        "Ratification of the Convention on Enforced Disappearance: legal analysis",
        "A legal gap analysis and two round tables with the ministries concerned, "
        "to prepare the ratification of the International Convention for the "
        "Protection of All Persons from Enforced Disappearance.",
        ("121.1", "121.2"),
    ),
    (
        "Roma inclusion: training of local officials",
        "Training of municipal officials on non-discrimination of Roma in access to "
        "housing, water and sanitation.",
        (),
    ),
]


def load_slovenia() -> int:
    """Two published activities about Slovenia linked to its accepted
    recommendations, so that the coverage pages show covered ones."""
    if Activity.objects.filter(title=SLOVENIA[0][0]).exists():
        return 0
    people = personas()
    cso = people["cso"].approved_memberships().get().organization
    svn = Country.objects.get(iso3="SVN")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        for title, text, paragraphs in SLOVENIA:
            recs = list(
                Recommendation.objects.accepted().filter(
                    state_under_review=svn, cycle=3, paragraph__in=paragraphs
                )
            )
            if not paragraphs:
                recs = list(
                    Recommendation.objects.accepted().filter(
                        state_under_review=svn, text__icontains="Roma"
                    )[:3]
                )
            activity = services.create_activity(
                people["cso"],
                cso,
                ActivityData(
                    title=title,
                    description=text,
                    concerned_states=[svn],
                    scalars={
                        "modality": "training",
                        "cooperation_type": "bilateral",
                        "funding_source": "vf-upr-implementation",
                    },
                    m2m={"recommendations": recs},
                ),
            )
            services.submit_activity(people["cso"], activity)
            services.approve_submission(people["moderator"], activity)
            consent.grant_consent(focal_point(svn), activity, svn)
        # the moderator's desk shows a change to a published activity: the
        # public keeps the approved text until it is approved
        changed = content.data_of(activity)
        changed.scalars["results"] = (
            "42 municipal officials trained in 6 municipalities; a checklist on "
            "non-discrimination in access to water adopted by 4 of them."
        )
        changed.scalars["implementation_status"] = "closed"
        services.update_activity(people["cso"], activity, changed)
    return len(SLOVENIA)
