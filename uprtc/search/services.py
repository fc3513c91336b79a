"""One search over published activities and recommendations: full text fused
with cross-lingual semantic similarity, facet filters and counts, snippets and
"did you mean". Views and the API call :func:`search`."""

from __future__ import annotations

import difflib
import html
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.safestring import SafeString, mark_safe

from uprtc import embeddings
from uprtc.activities.models import Activity
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.models import Recommendation
from uprtc.search import fulltext, memindex
from uprtc.search.documents import ACTIVITY, OFFER, RECOMMENDATION, REQUEST
from uprtc.search.engine import Weights, fuse
from uprtc.search.models import SearchTerm
from uprtc.search.text import detect_language, fold, is_short, words

FACETS = (
    "kind",
    "country",
    "region",
    "group",
    "theme",
    "sdg",
    "org_type",
    "modality",
    "cooperation_type",
    "funding_source",
    "status",
    "cycle",
    "response",
    "year",
)
DEFAULT_WEIGHTS = Weights()
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass
class Hit:
    kind: str
    object_id: int
    score: float
    obj: Any = None
    snippet: SafeString = mark_safe("")


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE
    filters: dict[str, list[str]] = field(default_factory=dict)
    # False when the words matched more records than the search reads
    # (fulltext.LIMIT): ``total`` and the facet counts are then lower bounds.
    total_exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def search(
    query: str = "",
    *,
    kind: str | None = None,
    filters: dict[str, list[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = PAGE_SIZE,
    language: str = "en",
    weights: Weights = DEFAULT_WEIGHTS,
) -> SearchResult:
    query = " ".join(query.split())[:300]
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    index = memindex.current()
    candidates = index.mask(kind, filters)
    exact = True
    if query:
        rows, scores, exact = _rank(index, query, candidates, language, weights)
    else:
        rows = np.flatnonzero(candidates)
        scores = np.zeros(len(rows), dtype=np.float32)
        sort = "date"
    if sort == "date":
        order = np.argsort(-index.dates[rows], kind="stable")
        rows, scores = rows[order], scores[order]
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    window = slice((page - 1) * page_size, page * page_size)
    kinds = index.codes["kind"].values
    hits = [
        Hit(kinds[index.single["kind"][r]], int(index.object_ids[r]), float(s))
        for r, s in zip(rows[window], scores[window], strict=True)
    ]
    _attach(hits, query)
    facets = {name: index.counts(rows, name) for name in FACETS}
    index.release()
    suggestion = suggest(query) if query and len(rows) < 3 else ""
    return SearchResult(
        query, len(rows), hits, facets, suggestion, page, page_size, filters, exact
    )


def _rank(
    index: memindex.MemoryIndex,
    query: str,
    candidates: np.ndarray,
    language: str,
    weights: Weights,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Rows and scores, best first, and whether every word match was read.

    A large index is scored on another thread while this one waits for the
    database's word matches: numpy and BLAS release the GIL, so the two
    overlap (bench/RESULTS.md). The database is only ever read from this
    thread (a test's transaction is visible to its own connection only)."""
    language = detect_language(query, language)
    vector = embeddings.embed([query])[0]
    scoring = None
    if len(index) >= OVERLAP_FROM:
        scoring = _scorer().submit(index.similarity, vector)
    matched = fulltext.find(query, language)
    text_rows = set(index.rows_for(matched.ids).tolist())
    if scoring is not None:
        similarity = scoring.result()
    else:
        similarity = index.similarity(vector) if len(index) else np.zeros(0, np.float32)
    rows, scores = fuse(similarity, text_rows, candidates, is_short(query), weights)
    return rows, scores, matched.complete


# Below this many documents scoring takes well under a millisecond: no thread.
OVERLAP_FROM = 50_000
_executor: ThreadPoolExecutor | None = None


def _scorer() -> ThreadPoolExecutor:
    """One scoring thread per process, started at its first large query (so
    after a prefork server has forked)."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(1, thread_name_prefix="search-scoring")
    return _executor


def _attach(hits: list[Hit], query: str) -> None:
    """The records of a page, re-read through their visibility rules."""
    by_kind: dict[str, list[int]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.object_id)
    found: dict[tuple[str, int], Any] = {}
    if by_kind.get(ACTIVITY):
        for a in Activity.objects.public().filter(pk__in=by_kind[ACTIVITY]):
            found[(ACTIVITY, a.pk)] = a
    if by_kind.get(RECOMMENDATION):
        for r in Recommendation.objects.filter(
            pk__in=by_kind[RECOMMENDATION]
        ).select_related("state_under_review"):
            found[(RECOMMENDATION, r.pk)] = r
    if by_kind.get(REQUEST) or by_kind.get(OFFER):
        for req in (
            AssistanceRequest.objects.public()
            .filter(pk__in=by_kind.get(REQUEST, []))
            .select_related("state")
        ):
            found[(REQUEST, req.pk)] = req
        for o in (
            Offer.objects.public()
            .filter(pk__in=by_kind.get(OFFER, []))
            .select_related("organization")
        ):
            found[(OFFER, o.pk)] = o
    for hit in hits:
        hit.obj = found.get((hit.kind, hit.object_id))
        if hit.obj is not None:
            text = {
                ACTIVITY: "description",
                RECOMMENDATION: "text",
                REQUEST: "need",
                OFFER: "expertise",
            }[hit.kind]
            text = getattr(hit.obj, text)
            hit.snippet = snippet(text, query)
    hits[:] = [h for h in hits if h.obj is not None]


def snippet(text: str, query: str, width: int = 220) -> SafeString:
    """An excerpt around the first query word found, words marked; escaped."""
    terms = [w for w in words(query) if len(w) >= 2]
    folded = fold(text)
    start = 0
    for term in terms:
        at = folded.find(term)
        if at >= 0:
            start = max(0, at - width // 3)
            break
    excerpt = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    out = html.escape(excerpt)
    for term in sorted(set(terms), key=len, reverse=True):
        # fold() keeps lengths for most scripts, so positions carry over
        pattern = re.compile(re.escape(html.escape(term)), re.IGNORECASE)
        out = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", out)
    return mark_safe(prefix + out + suffix)  # noqa: S308 - escaped above


def suggest(query: str) -> str:
    """ "Did you mean": each unknown word replaced by the closest indexed word."""
    changed, out = False, []
    for word in words(query):
        if len(word) < 4 or SearchTerm.objects.filter(term=word).exists():
            out.append(word)
            continue
        pool = list(
            SearchTerm.objects.filter(
                term__startswith=word[0],
                term__regex=rf"^.{{{len(word) - 2},{len(word) + 2}}}$",
            )
            .order_by("-df")
            .values_list("term", flat=True)[:5000]
        )
        best = difflib.get_close_matches(word, pool, n=1, cutoff=0.75)
        if best:
            changed = True
            out.append(best[0])
        else:
            out.append(word)
    if not changed:
        return ""
    suggestion = " ".join(out)
    # the vocabulary is rebuilt now and then: never offer a word that no
    # longer leads to a public record (it could come from a withdrawn one)
    return suggestion if fulltext.match(suggestion) else ""
