"""The matchmaking weights: one configuration, documented defaults.

A match score is the weighted mean of the features below, each in [0, 1], so
it is itself in [0, 1] and each feature's contribution is its weight × value
divided by the sum of the weights (the explanation shows these; they add up
to the score)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    semantic: float = (
        3.0  # meaning of the need vs the offer's expertise (any languages)
    )
    themes: float = 2.0  # share of the request's human rights themes the offer covers
    sdgs: float = 1.0  # share of the request's SDG goals the offer covers
    modality: float = 1.0  # the offer works in a way the State prefers
    recommending_state: float = (
        2.0  # para 7: the provider recommended it, it was accepted
    )
    track_record: float = (
        1.5  # published activities on the theme, in the country/region
    )
    affinity: float = 1.0  # same region, or South-South cooperation
    funding: float = 1.0  # the offer brings funds when the State has none
    # cosine similarities of multilingual USE between a need and an expertise
    # run from ~0.1 (unrelated) to ~0.6 (same subject): mapped onto [0, 1]
    semantic_floor: float = 0.1
    semantic_ceiling: float = 0.6
    # coordinated plan: the priority of requests from LDCs and SIDS
    ldc_sids_priority: float = 1.25

    def features(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in FEATURES}


from django.utils.translation import gettext_lazy as _  # noqa: E402

# How each feature reads in an explanation, in the reader's language.
LABELS = {
    "semantic": _("The offered expertise is close in meaning to the need"),
    "themes": _("The offer covers the human rights themes of the request"),
    "sdgs": _("The offer covers the SDG goals of the request"),
    "modality": _("The offer works in a way the State prefers"),
    "recommending_state": _(
        "The provider is a State that made a recommendation of the request, which "
        "was accepted (resolution 54/28, para. 7)"
    ),
    "track_record": _(
        "The provider has published activities on the theme or in the country or region"
    ),
    "affinity": _("Regional or South-South cooperation"),
    "funding": _("The offer's funding suits the State's budget situation"),
}

FEATURES = (
    "semantic",
    "themes",
    "sdgs",
    "modality",
    "recommending_state",
    "track_record",
    "affinity",
    "funding",
)
DEFAULT = Weights()
