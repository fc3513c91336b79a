"""Full-text matching, one implementation per database.

SQLite: an FTS5 table (``unicode61``, accents removed) over title, text and
the CJK pairs. PostgreSQL: a tsvector stemmed in each record's language plus a
'simple' one over folded text and CJK pairs, each in a narrow side table with
its GIN index (migration 0003: the row fetch is what costs). Every word of
the query must match (prefix match for words of 3+ letters: every word on
SQLite, which has no stemmed vector to find other forms, the last word on
PostgreSQL); Chinese words match through their character pairs, so no
segmenter is needed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from uprtc.search.text import PG_CONFIGS, cjk_query_grams, words

# Word matches counted at most: beyond, a query is too vague for words to
# help, and its results are ranked by meaning.
LIMIT = 10_000
STEM_BELOW = 2_000
# Words that match nearly every record: dropped when the query has others.
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "as",
        "is",
        "are",
        "be",
        "that",
        "this",
        "its",
        "their",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "et",
        "en",
        "un",
        "une",
        "au",
        "aux",
        "pour",
        "par",
        "sur",
        "que",
        "qui",
        "el",
        "los",
        "las",
        "del",
        "y",
        "con",
        "por",
        "para",
        "una",
        "lo",
        "se",
        "и",
        "в",
        "на",
        "по",
        "с",
        "о",
        "к",
        "для",
    ]
)


def _terms(query: str) -> tuple[list[str], list[str]]:
    """The words a match needs. A query of stopwords only ("on the") matches
    everything and means nothing: it is left to the semantic side."""
    latin = [w for w in words(query) if w not in STOPWORDS]
    return latin[:12], cjk_query_grams(query)[:12]


def _fts5_expression(latin: list[str], cjk: list[str]) -> str:
    parts = [f'"{w}"*' if len(w) >= 3 else f'"{w}"' for w in latin]
    parts += [f'cjk : "{g}"' for g in cjk]
    return " AND ".join(parts)


def _tsquery(latin: list[str], cjk: list[str]) -> str:
    """Prefix match on the last word only, the one a reader may still be
    typing; the others exactly. PostgreSQL turns every ``word:*`` into a
    bitmap of all the postings of all the words it begins (46 % of the
    index-scan time when every word was a prefix, bench/RESULTS.md), and
    the stemmed query asked after it finds the other forms of the words."""
    last = len(latin) - 1
    parts = [
        f"'{w}':*" if i == last and len(w) >= 3 else f"'{w}'"
        for i, w in enumerate(latin)
    ]
    parts += [f"'{g}'" for g in cjk]
    return " & ".join(parts)


@dataclass(frozen=True)
class Matches:
    """The documents that contain every word. ``complete`` is False when more
    documents match than LIMIT: ``ids`` are then only some of them, and any
    count built on them is a lower bound."""

    ids: set[int]
    complete: bool = True


def match(query: str, language: str = "en") -> set[int]:
    """Ids of the documents that contain every word (at most LIMIT)."""
    return find(query, language).ids


def find(query: str, language: str = "en") -> Matches:
    """No ranking here: ranking a large match set costs 5–10× more than
    finding it, and the fusion ranks by meaning anyway (see engine.fuse)."""
    latin, cjk = _terms(query)
    if not latin and not cjk:
        return Matches(set())
    if connection.vendor == "postgresql":
        return _postgres(latin, cjk, language)
    return _sqlite(latin, cjk)


def _fetch(sql: str, params: list) -> Matches:
    """One row past LIMIT tells whether LIMIT cut the matches short."""
    with connection.cursor() as cursor:
        cursor.execute(sql + " LIMIT %s", [*params, LIMIT + 1])
        ids = [row[0] for row in cursor.fetchall()]
    return Matches(set(ids[:LIMIT]), len(ids) <= LIMIT)


def _sqlite(latin: list[str], cjk: list[str]) -> Matches:
    return _fetch(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
        [_fts5_expression(latin, cjk)],
    )


def _postgres(latin: list[str], cjk: list[str], language: str) -> Matches:
    """The folded 'simple' vector first; the stemmed one of the query's
    language only when that finds little (stemming adds recall to rare words,
    and doubles the cost of common ones)."""
    found = _fetch(
        "SELECT doc_id FROM search_tsv_simple WHERE tsv @@ to_tsquery('simple', %s)",
        [_tsquery(latin, cjk)],
    )
    config = PG_CONFIGS.get(language)
    if not (config and latin and len(found.ids) < STEM_BELOW):
        return found
    stemmed = _fetch(
        "SELECT doc_id FROM search_tsv_lang"
        " WHERE tsv @@ plainto_tsquery(%s::regconfig, %s)",
        [config, " ".join(latin)],
    )
    return Matches(found.ids | stemmed.ids, stemmed.complete)
