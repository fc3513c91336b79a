"""Keeping the search index in step with the records.

``sync`` is called inside the transaction of every change that can alter what
is public (publication, withdrawal, edit, import), so the index can never show
what the database no longer publishes. ``rebuild`` (``uprtc reindex``) redoes
everything. Embeddings are computed only for texts that changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from uprtc import embeddings
from uprtc.activities.models import Activity
from uprtc.core import publication
from uprtc.core.tasks import enqueue
from uprtc.matching.models import AssistanceRequest, Offer
from uprtc.recommendations.models import Recommendation
from uprtc.search import vectorfile
from uprtc.search.documents import ACTIVITY, BUILDERS, OFFER, RECOMMENDATION, REQUEST
from uprtc.search.models import SearchCounter, SearchDocument, SearchTerm
from uprtc.search.text import PG_CONFIGS, words

BATCH = 500
# what a rebuilt document may change: all but what it is the document of
FIELDS = [
    f.name
    for f in SearchDocument._meta.concrete_fields
    if f.name not in ("id", "kind", "object_id")
]


def next_seq() -> int:
    counter, _ = SearchCounter.objects.select_for_update().get_or_create(pk=1)
    SearchCounter.objects.filter(pk=1).update(value=F("value") + 1)
    return counter.value + 1


def _embedding_text(doc: dict[str, Any]) -> str:
    return f"{doc['title']}\n{doc['text']}".strip()


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


@transaction.atomic
def sync(kind: str, ids: Iterable[int]) -> int:
    """Bring the documents of these records up to date; returns how many changed."""
    ids = list(dict.fromkeys(ids))
    changed = 0
    for start in range(0, len(ids), BATCH):
        changed += _sync_batch(kind, ids[start : start + BATCH])
    if changed:
        # an import indexes after its own commit: the pages cached meanwhile
        # (without the new records in search) must go too
        publication.bump()
    if ids:
        # the other models' vectors are computed in the background, never here
        for model in embeddings.STORED:
            enqueue("embeddings.refresh", model=model, kind=kind, ids=ids)
        # the machine's vector file, now and then (processes read the changed
        # rows from the database meanwhile)
        vectorfile.schedule()
    return changed


def _sync_batch(kind: str, ids: list[int]) -> int:
    docs = BUILDERS[kind](ids)
    existing = {
        d.object_id: d
        for d in SearchDocument.objects.filter(kind=kind, object_id__in=ids)
    }
    seq = next_seq()
    to_embed = [
        oid
        for oid, doc in docs.items()
        if oid not in existing
        or existing[oid].embedding is None
        or _digest(_embedding_text(doc))
        != _digest(f"{existing[oid].title}\n{existing[oid].text}".strip())
    ]
    vectors = embeddings.embed([_embedding_text(docs[o]) for o in to_embed])
    new_vectors = {
        o: embeddings.to_bytes(v) for o, v in zip(to_embed, vectors, strict=True)
    }
    create, update = [], []
    for oid in ids:
        doc = docs.get(oid)
        row = existing.get(oid)
        if doc is None:  # not public (any more), or gone
            if row is None or row.hidden:
                continue
            values: dict[str, Any] = {
                "title": "",
                "text": "",
                "cjk": "",
                "folded": "",
                "facets": {},
                "hidden": True,
            }
        else:
            values = {**doc, "hidden": False}
            values["embedding"] = new_vectors.get(oid, row.embedding if row else None)
        values["seq"] = seq
        if row is None:
            create.append(SearchDocument(kind=kind, object_id=oid, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            update.append(row)
    SearchDocument.objects.bulk_create(create, batch_size=BATCH)
    SearchDocument.objects.bulk_update(update, FIELDS, batch_size=BATCH)
    if connection.vendor == "postgresql":
        _pg_vectors([d.pk for d in create] + [d.pk for d in update])
    return len(create) + len(update)


def _pg_vectors(pks: list[int]) -> None:
    """PostgreSQL keeps two tsvectors: stemmed in the record's language, and
    'simple' over folded text and CJK pairs (see migration 0002)."""
    if not pks:
        return
    cases = " ".join(f"WHEN '{lang}' THEN '{cfg}'" for lang, cfg in PG_CONFIGS.items())
    config = f"(CASE language {cases} ELSE 'simple' END)::regconfig"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE search_searchdocument SET
                tsv_lang = setweight(to_tsvector({config}, title), 'A')
                        || setweight(to_tsvector({config}, text), 'B'),
                tsv_simple = to_tsvector('simple', folded) || to_tsvector('simple', cjk)
                WHERE id = ANY(%s)""",
            [pks],
        )


def sync_activity(pk: int) -> None:
    sync(ACTIVITY, [pk])


def rebuild(progress: Any = None) -> dict[str, int]:
    counts = {}

    for kind, model in (
        (ACTIVITY, Activity),
        (RECOMMENDATION, Recommendation),
        (REQUEST, AssistanceRequest),
        (OFFER, Offer),
    ):
        ids = list(model.objects.values_list("pk", flat=True))
        # documents of records deleted since: syncing them hides them
        ids += list(
            SearchDocument.objects.filter(kind=kind, hidden=False)
            .exclude(object_id__in=model.objects.values("pk"))
            .values_list("object_id", flat=True)
        )
        done = 0
        for start in range(0, len(ids), BATCH):
            done += sync(kind, ids[start : start + BATCH])
            if progress:
                progress(kind, min(start + BATCH, len(ids)), len(ids))
        counts[kind] = done
    counts["terms"] = rebuild_terms()
    return counts


def rebuild_terms() -> int:
    """The vocabulary for "did you mean": words of 4+ letters in 2+ documents."""
    df: dict[str, int] = {}
    for title, text in (
        SearchDocument.objects.filter(hidden=False)
        .values_list("title", "text")
        .iterator(chunk_size=2000)
    ):
        for word in set(words(f"{title} {text}")):
            if 4 <= len(word) <= 40 and not word.isdigit():
                df[word] = df.get(word, 0) + 1
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t, df=n) for t, n in df.items() if n >= 2], batch_size=2000
        )
    return sum(1 for n in df.values() if n >= 2)
