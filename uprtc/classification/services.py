"""Training, evaluating and suggesting, for the commands and the product."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from uprtc import embeddings
from uprtc.classification import engine, taxonomies
from uprtc.classification.models import ClassifierVersion, SuggestionFeedback
from uprtc.core import audit, publication
from uprtc.core.errors import NotAllowed
from uprtc.embeddings.text import clean_recommendation
from uprtc.recommendations.models import Recommendation
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


def prepare(
    taxonomy: str,
    texts: list[str],
    raw: list[list[str]],
    label_map: dict[str, list[str]] | None = None,
) -> Prepared:
    """Labels mapped to the taxonomy's identifiers; unknown ones counted.
    ``label_map`` (``read_label_map``) first turns labels of another
    vocabulary into the taxonomy's (a label it does not list is unknown; one
    it maps to nothing is dropped silently)."""
    norm = taxonomies.normaliser(taxonomy)
    out = Prepared([], [])
    for text, labels in zip(texts, raw, strict=True):
        mapped = []
        for original in labels:
            if label_map is None:
                targets = [original]
            elif (key := taxonomies.label_key(original)) in label_map:
                targets = label_map[key]
            else:
                out.unknown[original] = out.unknown.get(original, 0) + 1
                continue
            for label in targets:
                code = norm(label)
                if code is None:
                    out.unknown[label] = out.unknown.get(label, 0) + 1
                elif code not in mapped:
                    mapped.append(code)
        if mapped:
            out.texts.append(text)
            out.labels.append(mapped)
    return out


def _model() -> str:
    return embeddings.USES["classification"]


# Built-in taxonomies whose labels are also derived from another one's
# predictions, through a table learnt from rows labelled in both.
DERIVED = {"sdg-goals": "uhri-themes"}
# How much of each label's generic similarity (measured on the training
# texts) zero-shot takes away: helps themes; SDG goals' generic similarity
# follows how often they are given (10 and 16), so it stays (bench/tagging.py).
CALIBRATION = {"uhri-themes": 1.0, "affected-persons": 1.0}
NEIGHBOURS_MAX = 5000  # most recent labelled texts kept for neighbours
# Built-in taxonomies: the best labels predicted per text (bench/tagging.py)
PREDICTED = {"uhri-themes": 2, "sdg-goals": 2, "sdg-targets": 2, "affected-persons": 2}


def table_name(target: str) -> str:
    """The ``ClassifierVersion.taxonomy`` of a derivation table."""
    return f"{DERIVED[target]}>{target}"


def _digest(*parts: Any) -> str:
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def embed_texts(texts: list[str]) -> np.ndarray:
    """Texts as classification embeds them (recommendation numbering and
    recommending States stripped)."""
    return embeddings.embed([clean_recommendation(t) for t in texts], _model())


_ZERO: dict[tuple[str, str, str, str], engine.ZeroShot] = {}
_LOADED: dict[tuple[Any, ...], Any] = {}


_DESCRIBED: dict[tuple[str, int], tuple[dict[str, list[str]], str]] = {}


def _described(taxonomy: str) -> tuple[dict[str, list[str]], str]:
    """The label descriptions and their digest, read again only when public
    content changed (vocabularies are edited rarely; a suggestion is asked
    often)."""
    key = (taxonomy, publication.version())
    if key not in _DESCRIBED:
        if len(_DESCRIBED) > 32:
            _DESCRIBED.clear()
        described = taxonomies.descriptions(taxonomy)
        _DESCRIBED[key] = (described, _digest(described))
    return _DESCRIBED[key]


def _label_vectors(model: str) -> Any:
    """Embedding of label texts through a file per label set under
    ``UPRTC_VAR_DIR/vectors``: a new process (every web and task worker
    after a restart) reads it instead of embedding about a thousand texts."""
    embedder = embeddings.get(model)

    def embed(texts: list[str]) -> np.ndarray:
        folder = settings.VAR_DIR / "vectors"
        path = folder / f"labels-{model}-{_digest(embedder.version, texts)[:24]}.npy"
        try:
            cached: np.ndarray = np.load(path)
            return cached
        except (OSError, ValueError):
            pass
        vectors = embeddings.embed(texts, model)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as fh:
            np.save(fh, vectors)
        os.replace(temporary, path)  # atomic: readers see all of it or nothing
        return vectors

    return embed


def zero_shot(taxonomy: str) -> engine.ZeroShot | None:
    """The taxonomy's zero-shot model, its label vectors embedded once per
    label set and embedding model (kept in memory and on disk)."""
    described, digest = _described(taxonomy)
    if not described:
        return None
    model = embeddings.get(_model())
    key = (taxonomy, digest, model.name, model.version)
    if key not in _ZERO:
        _ZERO[key] = engine.ZeroShot(described, _label_vectors(model.name))
    return _ZERO[key]


def _stored(name: str) -> tuple[Any, ClassifierVersion | None]:
    """The newest version's object, unpickled once per process."""
    version = ClassifierVersion.objects.filter(taxonomy=name).defer("blob").first()
    if version is None:
        return None, None
    key = (version.pk, version.taxonomy, version.version, version.created_at)
    if key not in _LOADED:
        blob = ClassifierVersion.objects.values_list("blob", flat=True).get(
            pk=version.pk
        )
        _LOADED[key] = pickle.loads(bytes(blob))  # noqa: S301 - our own
    return _LOADED[key], version


def latest(taxonomy: str) -> tuple[engine.Trained | None, int]:
    """The newest training of a taxonomy and how many texts it learnt from."""
    obj, version = _stored(taxonomy)
    if version is None:
        return None, 0
    if isinstance(obj, engine.Supervised):  # versions stored before issue 15
        obj = engine.Trained(obj)
    return obj, version.trained_on


def latest_model(taxonomy: str) -> tuple[engine.Supervised | None, int]:
    trained, n = latest(taxonomy)
    return (trained.supervised if trained else None), n


def derivation(target: str) -> engine.Derived | None:
    return _stored(table_name(target))[0] if target in DERIVED else None


def _next_version(name: str) -> int:
    latest_version = ClassifierVersion.objects.filter(taxonomy=name).aggregate(
        v=Max("version")
    )["v"]
    return (latest_version or 0) + 1


@transaction.atomic
def train(
    taxonomy: str,
    data: Prepared,
    source: str = "",
    actor: Any = None,
    vectors: np.ndarray | None = None,
    digest: str = "",
) -> ClassifierVersion:
    """A new version of the taxonomy's model. Built-in taxonomies also keep
    the labelled texts' embeddings (neighbours) and the zero-shot
    calibration measured on them; ``vectors`` may bring those embeddings."""
    trained = engine.Trained(engine.Supervised().fit(data.texts, data.labels))
    if taxonomy in taxonomies.BUILT_IN:
        texts, labels = data.texts[-NEIGHBOURS_MAX:], data.labels[-NEIGHBOURS_MAX:]
        if vectors is None:
            vectors = embed_texts(texts)
        vectors = vectors[-NEIGHBOURS_MAX:]
        trained.neighbours = engine.Neighbours(vectors, labels, _model())
        zero = zero_shot(taxonomy) if CALIBRATION.get(taxonomy) else None
        if zero is not None:
            offsets = engine.calibration(zero.similarities(vectors))
            trained.offsets = dict(zip(zero.labels, offsets.tolist(), strict=True))
    version = ClassifierVersion.objects.create(
        taxonomy=taxonomy,
        version=_next_version(taxonomy),
        trained_on=len(data.texts),
        source=source[:300],
        labels=trained.labels,
        blob=pickle.dumps(trained),
        metrics={
            "threshold": trained.supervised.threshold,
            "unknown_labels": len(data.unknown),
            "embedding": _model() if trained.neighbours else "",
            "digest": digest,
        },
    )
    audit.record(
        "classification.model.trained",
        actor=actor or "command:classifier",
        obj=version,
        data={"taxonomy": taxonomy, "texts": len(data.texts)},
    )
    return version


@transaction.atomic
def train_derivation(
    target: str,
    sources: list[list[str]],
    targets: list[list[str]],
    source: str = "",
    actor: Any = None,
    digest: str = "",
) -> ClassifierVersion | None:
    """The table deriving ``target`` labels (SDG goals) from its source
    taxonomy's (UHRI themes), from rows labelled in both; None when no row
    carries both."""
    table = engine.derived_table(sources, targets)
    if not table.sources:
        return None
    name = table_name(target)
    version = ClassifierVersion.objects.create(
        taxonomy=name,
        version=_next_version(name),
        trained_on=sum(1 for s, t in zip(sources, targets, strict=True) if s and t),
        source=source[:300],
        labels=table.targets,
        blob=pickle.dumps(table),
        metrics={"sources": len(table.sources), "digest": digest},
    )
    audit.record(
        "classification.model.trained",
        actor=actor or "command:classifier",
        obj=version,
        data={"taxonomy": name, "texts": version.trained_on},
    )
    return version


class _Batch:
    """Texts being scored; embedded at most once, whichever parts ask."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._vectors: np.ndarray | None = None

    @property
    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            cleaned = [clean_recommendation(t) for t in self.texts]
            # a few texts (a suggestion, a link) go through the shared cache:
            # the linking service has often just embedded the same text
            embed = (
                embeddings.embed_query_cached
                if len(cleaned) <= 8
                else embeddings.embed_query
            )
            self._vectors = embed(cleaned, _model())
        return self._vectors


def _placed(
    n: int, labels: list[str], columns: list[str], values: np.ndarray
) -> np.ndarray:
    index = {label: i for i, label in enumerate(labels)}
    out = np.zeros((n, len(labels)))
    keep = [i for i, c in enumerate(columns) if c in index]
    out[:, [index[columns[i]] for i in keep]] = values[:, keep]
    return out


def _zero_scores(
    taxonomy: str, zero: engine.ZeroShot, trained: Any, batch: _Batch
) -> np.ndarray:
    strength = CALIBRATION.get(taxonomy, 0.0)
    offsets = None
    if strength and trained is not None and trained.offsets:
        offsets = strength * np.array(
            [trained.offsets.get(label, 0.0) for label in zero.labels]
        )
    return engine.confidence(zero.similarities(batch.vectors), offsets)


def _scores(taxonomy: str, batch: _Batch) -> tuple[list[str], np.ndarray]:
    trained, n = latest(taxonomy)
    zero = zero_shot(taxonomy)
    labels = sorted(
        set(zero.labels if zero else []) | set(trained.labels if trained else [])
    )
    if not labels:
        raise LookupError(f"no model and no built-in labels for taxonomy {taxonomy!r}")
    rows = len(batch.texts)
    z = sup = None
    if zero is not None:
        z = _placed(
            rows, labels, zero.labels, _zero_scores(taxonomy, zero, trained, batch)
        )
    if trained is not None:
        sup = _placed(
            rows, labels, trained.labels, trained.supervised.scores(batch.texts)
        )
    if taxonomy not in taxonomies.BUILT_IN or z is None or sup is None:
        if z is not None and sup is not None:  # unseen labels keep zero-shot
            assert trained is not None  # as sup is not None
            unseen = [i for i, x in enumerate(labels) if x not in set(trained.labels)]
            sup[:, unseen] = z[:, unseen]
        return labels, engine.combine(sup, z, n)
    # Built-in and trained: zero-shot, TF-IDF, neighbours and derivation,
    # averaged (a label the training never saw keeps only its zero-shot part).
    parts = [z, sup]
    assert trained is not None  # as sup is not None
    neighbours = trained.neighbours
    if neighbours is not None and neighbours.model == _model():
        parts.append(
            _placed(rows, labels, neighbours.labels, neighbours.scores(batch.vectors))
        )
    table = derivation(taxonomy)
    if table is not None:
        source_labels, source = _scores(DERIVED[taxonomy], batch)
        parts.append(
            _placed(rows, labels, table.targets, table.scores(source, source_labels))
        )
    return labels, engine.average(parts)


def scores(taxonomy: str, texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Labels and confidences: zero-shot (label wording and its children's,
    calibrated), supervised (TF-IDF, neighbours) and, for SDG goals, derived
    from predicted themes. One embedding of each text, whatever the parts."""
    return _scores(taxonomy, _Batch(list(texts)))


def suggest(taxonomy: str, text: str, k: int = 10) -> list[tuple[str, float]]:
    labels, values = scores(taxonomy, [text])
    return engine.top(labels, values, k)[0]


def warm(taxonomies: tuple[str, ...] = ("uhri-themes", "sdg-targets")) -> None:
    """Load what a first "Suggest" would: the embedding model, the stored
    classifiers (scikit-learn's import alone is ~1.3 s) and the label vectors.
    A web worker runs it in a thread after its fork (deploy/gunicorn.conf.py),
    so the first person to ask waits ~10 ms instead of seconds."""
    for taxonomy in taxonomies:
        suggest(taxonomy, "training of judges", 1)


def predicted(taxonomy: str, labels: list[str], values: np.ndarray) -> list[list[str]]:
    """Label sets as the evaluation counts them."""
    if taxonomy in PREDICTED:
        return engine.predict(labels, values, PREDICTED[taxonomy])
    cap = MAX_PREDICTED[latest(taxonomy)[0] is not None]
    return engine.predict(labels, values, cap, THRESHOLD)


def evaluate(taxonomy: str, data: Prepared) -> engine.Evaluation:
    labels, values = scores(taxonomy, data.texts)
    ranked = [[label for label, _ in row] for row in engine.top(labels, values, 10)]
    return engine.evaluate(
        data.labels, predicted(taxonomy, labels, values), ranked, labels
    )


def labelled_from_database(taxonomy: str) -> Prepared:
    """Recommendations people labelled (imports from OHCHR and UHRI, moderator
    reviews) plus accepted suggestions: training data that grows with use."""
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


# Built-in taxonomies the demo and ``train_built_in`` learn from the database
TRAINED_FROM_DATABASE = ("uhri-themes", "sdg-goals", "affected-persons")
MIN_LABELLED = 20  # fewer labelled texts than this teach nothing worth a version


def train_built_in(actor: Any = None) -> dict[str, int | None]:
    """Trains the built-in taxonomies, and the table deriving SDG goals from
    themes, from the labelled recommendations in the database (and accepted
    suggestions). Idempotent: a taxonomy whose labelled data has not changed
    since its newest version is skipped. Returns the new version numbers
    (None: skipped). Each text is embedded once for all taxonomies."""
    done: dict[str, int | None] = {}
    prepared = {t: labelled_from_database(t) for t in TRAINED_FROM_DATABASE}
    memo: dict[str, np.ndarray] = {}

    def vectors(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in memo]
        if missing:
            memo.update(zip(missing, embed_texts(missing), strict=True))
        return np.array([memo[t] for t in texts])

    for taxonomy, data in prepared.items():
        digest = _digest(data.texts, data.labels, _model())
        newest = ClassifierVersion.objects.filter(taxonomy=taxonomy).first()
        if len(data.texts) < MIN_LABELLED or (
            newest and newest.metrics.get("digest") == digest
        ):
            done[taxonomy] = None
            continue
        tail = data.texts[-NEIGHBOURS_MAX:]
        version = train(taxonomy, data, "database", actor, vectors(tail), digest)
        done[taxonomy] = version.version
    for target, origin in DERIVED.items():
        if target not in prepared or origin not in prepared:
            continue
        by_text = dict(
            zip(prepared[origin].texts, prepared[origin].labels, strict=True)
        )
        data = prepared[target]
        sources = [by_text.get(t, []) for t in data.texts]
        digest = _digest(sources, data.labels)
        name = table_name(target)
        newest = ClassifierVersion.objects.filter(taxonomy=name).first()
        if newest and newest.metrics.get("digest") == digest:
            done[name] = None
            continue
        derived = train_derivation(
            target, sources, data.labels, "database", actor, digest
        )
        done[name] = derived.version if derived else None
    return done


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
    if not getattr(actor, "is_moderator", False):
        raise NotAllowed("Only a moderator reviews suggested labels.")
    models: dict[str, tuple[type[Theme] | type[SdgGoal], str]] = {
        "uhri-themes": (Theme, "slug"),
        "sdg-goals": (SdgGoal, "number"),
    }
    model, key = models[taxonomy]
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
