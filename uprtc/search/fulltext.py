"""Full-text matching, one implementation per database.

SQLite: an FTS5 table (``unicode61``, accents removed) over title, text and
the CJK pairs. PostgreSQL: a tsvector stemmed in each record's language plus a
'simple' one over folded text and CJK pairs, both GIN-indexed. Every word of
the query must match (prefix match for words of 3+ letters); Chinese words
match through their character pairs, so no segmenter is needed."""

from __future__ import annotations

from django.db import connection

from uprtc.search.text import PG_CONFIGS, cjk_query_grams, words

LIMIT = 20_000  # enough for exact counts; beyond, the query is too vague to rank


def _terms(query: str) -> tuple[list[str], list[str]]:
    return words(query)[:12], cjk_query_grams(query)[:12]


def _fts5_expression(latin: list[str], cjk: list[str]) -> str:
    parts = [f'"{w}"*' if len(w) >= 3 else f'"{w}"' for w in latin]
    parts += [f'cjk : "{g}"' for g in cjk]
    return " AND ".join(parts)


def _tsquery(latin: list[str], cjk: list[str]) -> str:
    parts = [f"'{w}':*" if len(w) >= 3 else f"'{w}'" for w in latin]
    parts += [f"'{g}'" for g in cjk]
    return " & ".join(parts)


def match(query: str, language: str = "en") -> dict[int, float]:
    """Document id → relevance (higher is better) of every matching document."""
    latin, cjk = _terms(query)
    if not latin and not cjk:
        return {}
    if connection.vendor == "postgresql":
        return _postgres(query, latin, cjk, language)
    return _sqlite(latin, cjk)


def _sqlite(latin: list[str], cjk: list[str]) -> dict[int, float]:
    sql = (
        "SELECT rowid, bm25(search_fts, 4.0, 1.0, 1.0) FROM search_fts "
        "WHERE search_fts MATCH %s ORDER BY rank LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_expression(latin, cjk), LIMIT])
        return {row[0]: -row[1] for row in cursor.fetchall()}


def _postgres(
    query: str, latin: list[str], cjk: list[str], language: str
) -> dict[int, float]:
    config = PG_CONFIGS.get(language, "simple")
    simple = _tsquery(latin, cjk)
    sql = """
        SELECT id, ts_rank_cd(tsv_simple, to_tsquery('simple', %(simple)s))
               + COALESCE(ts_rank_cd(tsv_lang, plainto_tsquery(%(cfg)s::regconfig,
                                                               %(q)s)), 0)
        FROM search_searchdocument
        WHERE NOT hidden AND (tsv_simple @@ to_tsquery('simple', %(simple)s)
               OR tsv_lang @@ plainto_tsquery(%(cfg)s::regconfig, %(q)s))
        LIMIT %(limit)s"""
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"simple": simple, "cfg": config, "q": query, "limit": LIMIT}
        )
        return {row[0]: float(row[1]) for row in cursor.fetchall()}
