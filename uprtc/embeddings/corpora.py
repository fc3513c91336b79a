"""The four corpora that get stored vectors, and the text each record gives."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from uprtc.embeddings.text import clean_recommendation


@dataclass(frozen=True)
class Corpus:
    kind: str
    model: str  # app_label.ModelName
    fields: tuple[str, ...]
    text: Callable[..., str]

    def queryset(self) -> Any:
        return apps.get_model(self.model).objects.order_by("pk")

    def texts(self, ids: Iterable[int]) -> dict[int, str]:
        rows = self.queryset().filter(pk__in=list(ids)).values_list("pk", *self.fields)
        return {row[0]: self.text(*row[1:]) for row in rows}


def _joined(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


CORPORA = {
    c.kind: c
    for c in (
        Corpus(
            "recommendation",
            "recommendations.Recommendation",
            ("text",),
            clean_recommendation,
        ),
        Corpus("activity", "activities.Activity", ("title", "description"), _joined),
        Corpus("request", "matching.AssistanceRequest", ("need",), _joined),
        Corpus("offer", "matching.Offer", ("expertise",), _joined),
    )
}


def get(kind: str) -> Corpus:
    try:
        return CORPORA[kind]
    except KeyError:
        raise KeyError(
            f"unknown corpus {kind!r}; known: {', '.join(CORPORA)}"
        ) from None
