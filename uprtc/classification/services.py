"""Training, evaluating and suggesting, for the commands and the product."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Max

from uprtc import embeddings
from uprtc.classification import engine, taxonomies
from uprtc.classification.models import ClassifierVersion
from uprtc.core import audit
from uprtc.taxonomies.models import SdgGoal, Theme

THRESHOLD = 0.5  # a suggestion at or above this confidence counts as predicted
# at most this many labels predicted per text: zero-shot scores of related
# labels cluster, and UPR texts carry one to six labels
MAX_PREDICTED = {True: 6, False: 3}  # with / without a supervised model


@dataclass
class Prepared:
    texts: list[str]
    labels: list[list[str]]
    unknown: dict[str, int] = field(default_factory=dict)


def prepare(taxonomy: str, texts: list[str], raw: list[list[str]]) -> Prepared:
    """Labels mapped to the taxonomy's identifiers; unknown ones counted."""
    norm = taxonomies.normaliser(taxonomy)
    out = Prepared([], [])
    for text, labels in zip(texts, raw, strict=True):
        mapped = []
        for label in labels:
            key = norm(label)
            if key is None:
                out.unknown[label] = out.unknown.get(label, 0) + 1
            elif key not in mapped:
                mapped.append(key)
        if mapped:
            out.texts.append(text)
            out.labels.append(mapped)
    return out


@transaction.atomic
def train(
    taxonomy: str, data: Prepared, source: str = "", actor: Any = None
) -> ClassifierVersion:
    model = engine.Supervised().fit(data.texts, data.labels)
    latest = (
        ClassifierVersion.objects.filter(taxonomy=taxonomy).aggregate(v=Max("version"))[
            "v"
        ]
        or 0
    )
    version = ClassifierVersion.objects.create(
        taxonomy=taxonomy,
        version=latest + 1,
        trained_on=len(data.texts),
        source=source[:300],
        labels=model.labels,
        blob=pickle.dumps(model),
        metrics={"threshold": model.threshold, "unknown_labels": len(data.unknown)},
    )
    audit.record(
        "classification.model.trained",
        actor=actor or "command:classifier",
        obj=version,
        data={"taxonomy": taxonomy, "texts": len(data.texts)},
    )
    return version


def latest_model(taxonomy: str) -> tuple[engine.Supervised | None, int]:
    version = ClassifierVersion.objects.filter(taxonomy=taxonomy).first()
    if version is None:
        return None, 0
    return pickle.loads(bytes(version.blob)), version.trained_on  # noqa: S301 - our own


def scores(taxonomy: str, texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Labels and combined confidences (zero-shot and/or supervised)."""
    supervised, n = latest_model(taxonomy)
    described = taxonomies.descriptions(taxonomy)
    labels = sorted(set(described) | set(supervised.labels if supervised else []))
    if not labels:
        raise LookupError(f"no model and no built-in labels for taxonomy {taxonomy!r}")
    index = {label: i for i, label in enumerate(labels)}
    sup = zero = None
    if supervised is not None:
        sup = np.zeros((len(texts), len(labels)))
        sup[:, [index[label] for label in supervised.labels]] = supervised.scores(texts)
    if described:
        zero_model = engine.ZeroShot(described, embeddings.embed)
        zero = np.zeros((len(texts), len(labels)))
        zero[:, [index[label] for label in zero_model.labels]] = zero_model.scores(
            texts
        )
        if sup is not None:  # labels unknown to the supervised side keep zero-shot
            unseen = [index[x] for x in labels if x not in set(supervised.labels)]
            sup[:, unseen] = zero[:, unseen]
    return labels, engine.combine(sup, zero, n)


def suggest(taxonomy: str, text: str, k: int = 10) -> list[tuple[str, float]]:
    labels, values = scores(taxonomy, [text])
    return engine.top(labels, values, k)[0]


def evaluate(taxonomy: str, data: Prepared) -> engine.Evaluation:
    labels, values = scores(taxonomy, data.texts)
    ranked = [[label for label, _ in row] for row in engine.top(labels, values, 10)]
    cap = MAX_PREDICTED[latest_model(taxonomy)[0] is not None]
    predicted = []
    for row, rank in zip(values, ranked, strict=True):
        chosen = [
            label for label in rank[:cap] if row[labels.index(label)] >= THRESHOLD
        ]
        predicted.append(chosen or rank[:1])  # every text gets at least one label
    return engine.evaluate(data.labels, predicted, ranked, labels)


def labelled_from_database(taxonomy: str) -> Prepared:
    """Recommendations people labelled (imports from OHCHR and UHRI, moderator
    reviews) plus accepted suggestions: training data that grows with use."""
    from uprtc.classification.models import SuggestionFeedback
    from uprtc.recommendations.models import Recommendation

    field, key = {
        "uhri-themes": ("themes", "slug"),
        "sdg-goals": ("sdg_goals", "number"),
        "sdg-targets": ("sdg_targets", "code"),
        "affected-persons": ("affected_persons", "slug"),
    }[taxonomy]
    merged: dict[str, set[str]] = {}
    rows = (
        Recommendation.objects.filter(**{f"{field}__isnull": False})
        .values_list("text", f"{field}__{key}")
        .order_by("pk")
    )
    for text, label in rows:
        merged.setdefault(text, set()).add(str(label))
    rejected = set(
        SuggestionFeedback.objects.filter(
            taxonomy=taxonomy, accepted=False
        ).values_list("text", "label")
    )
    for text, label in SuggestionFeedback.objects.filter(
        taxonomy=taxonomy, accepted=True
    ).values_list("text", "label"):
        merged.setdefault(text, set()).add(label)
    texts = list(merged)
    return Prepared(
        texts, [sorted(x for x in merged[t] if (t, x) not in rejected) for t in texts]
    )


@transaction.atomic
def review_suggestions(
    actor: Any,
    recommendation: Any,
    taxonomy: str,
    suggested: list[str],
    accepted: list[str],
) -> None:
    """A moderator's verdict on the suggestions for one recommendation: the
    accepted labels are applied, every verdict is recorded to learn from."""
    from uprtc.classification.models import SuggestionFeedback
    from uprtc.core.errors import NotAllowed

    if not getattr(actor, "is_moderator", False):
        raise NotAllowed("Only a moderator reviews suggested labels.")
    model, key = {"uhri-themes": (Theme, "slug"), "sdg-goals": (SdgGoal, "number")}[
        taxonomy
    ]
    field = {"uhri-themes": "themes", "sdg-goals": "sdg_goals"}[taxonomy]
    chosen = list(model.objects.filter(**{f"{key}__in": accepted}))
    before = sorted(str(getattr(o, key)) for o in getattr(recommendation, field).all())
    getattr(recommendation, field).add(*chosen)
    SuggestionFeedback.objects.bulk_create(
        [
            SuggestionFeedback(
                taxonomy=taxonomy,
                text=recommendation.text,
                label=label,
                accepted=label in accepted,
                by=actor,
            )
            for label in suggested
        ]
    )
    audit.record(
        "classification.suggestions.reviewed",
        actor=actor,
        obj=recommendation,
        before={field: before},
        after={field: sorted(before + [str(getattr(o, key)) for o in chosen])},
        data={"taxonomy": taxonomy, "suggested": suggested, "accepted": accepted},
    )


def label_names(taxonomy: str) -> dict[str, str]:
    """Labels as readers see them, in the current language."""
    if taxonomy == "uhri-themes":
        return {t.slug: t.name for t in Theme.objects.all()}
    if taxonomy == "sdg-goals":
        return {str(g.number): str(g) for g in SdgGoal.objects.all()}
    return {}
