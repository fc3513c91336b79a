"""A few requests and offers for the demo, posted through the real services
by the demo personas, so that the matchmaking pages show ranked, explained
matches. Idempotent: nothing is added when requests exist."""

from __future__ import annotations

from django.test.utils import override_settings

from uprtc.actors.models import Organization, OrgType, User
from uprtc.countries.models import Country
from uprtc.demo.activities import focal_point
from uprtc.matching import services
from uprtc.matching.models import AssistanceRequest
from uprtc.taxonomies.models import Theme

REQUESTS = [
    (
        "MOZ",
        "Training of police and prison staff on the prevention of torture and "
        "ill-treatment, and support to the national preventive mechanism.",
        [
            "prohibition-of-torture-and-ill-treatment-including-cruel-inhuman-or-degrading"
        ],
        ["pt", "en"],
    ),
    (
        "NGA",
        "Support to draft and adopt a law on violence against women and girls, and "
        "to train judges and prosecutors to apply it.",
        ["violence-against-women"],
        ["en"],
    ),
    (
        "COL",
        "Fortalecer la participación de las mujeres en la vida política y pública "
        "a nivel local.",
        ["participation-of-women-in-political-and-public-life"],
        ["es"],
    ),
]
OFFERS = [
    (
        "Human Rights Centre (demo)",
        "Workshops and mentoring for judges, prosecutors "
        "and prison staff on the Istanbul Protocol and the prevention of torture.",
        ["en", "pt"],
        2,
    ),
    (
        "Human Rights Centre (demo)",
        "Legislative review and drafting support for laws "
        "on gender-based violence, with training of the justice sector.",
        ["en", "fr"],
        1,
    ),
    (
        "OHCHR (demo)",
        "Advisory services to electoral bodies and women's organizations "
        "on participation in public life.",
        ["en", "es", "fr"],
        3,
    ),
]


def load_matching() -> dict[str, int]:
    if AssistanceRequest.objects.exists():
        return {"requests": 0, "offers": 0}
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        contributor = User.objects.get(email="contributor@demo.uprtc.org")
        moderator = User.objects.get(email="moderator@demo.uprtc.org")
        for org_name, text, languages, capacity in OFFERS:
            org = Organization.objects.get(name=org_name)
            actor = moderator if org.org_type == OrgType.UN_ENTITY else contributor
            services.create_offer(
                actor,
                org,
                {"expertise": text, "languages": languages, "capacity": capacity},
                {},
            )
        for iso3, need, themes, languages in REQUESTS:
            fp = focal_point(Country.objects.get(iso3=iso3))
            req = services.create_request(
                fp,
                {
                    "need": need,
                    "languages": languages,
                    "language": "es" if iso3 == "COL" else "en",
                },
                {"themes": list(Theme.objects.filter(slug__in=themes))},
            )
            services.propose_for_request(req)
    return {"requests": len(REQUESTS), "offers": len(OFFERS)}
