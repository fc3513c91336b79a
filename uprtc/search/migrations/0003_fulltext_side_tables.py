"""PostgreSQL: the full-text vectors also in two narrow side tables.

A query of common words returns up to 10,000 ids, and a GIN index cannot
answer without visiting each matching row: on ``search_searchdocument``
(~2.3 KB a row: texts, facets, embedding) that is ~8,500 pages per query. A
side table holds only the document id and one vector, stripped of positions
(matching needs none: no ranking, no phrases), ~25 rows a page. Triggers
copy the vectors that ``index._pg_vectors`` writes on the document, so every
writer keeps them in step. The GIN indexes skip the pending list
(``fastupdate = off``): a search never scans unmerged entries, at a small
cost to each write. SQLite (FTS5, migration 0002) needs none of this."""

from django.db import migrations

SIDE_TABLES = ("search_tsv_simple", "search_tsv_lang")

PG_UP = [
    *(
        f"""CREATE TABLE {table} (
            doc_id bigint PRIMARY KEY, tsv tsvector NOT NULL)"""
        for table in SIDE_TABLES
    ),
    """INSERT INTO search_tsv_simple (doc_id, tsv)
       SELECT id, strip(coalesce(tsv_simple, '')) FROM search_searchdocument
       ORDER BY id""",
    """INSERT INTO search_tsv_lang (doc_id, tsv)
       SELECT id, strip(coalesce(tsv_lang, '')) FROM search_searchdocument
       ORDER BY id""",
    "SET LOCAL maintenance_work_mem = '256MB'",
    *(
        f"CREATE INDEX {table}_gin ON {table} USING GIN (tsv) WITH (fastupdate = off)"
        for table in SIDE_TABLES
    ),
    # nothing reads the document's own vectors any more
    "DROP INDEX IF EXISTS search_doc_tsv_lang",
    "DROP INDEX IF EXISTS search_doc_tsv_simple",
    """CREATE FUNCTION search_tsv_copy() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO search_tsv_simple (doc_id, tsv)
         VALUES (NEW.id, strip(coalesce(NEW.tsv_simple, '')))
         ON CONFLICT (doc_id) DO UPDATE SET tsv = EXCLUDED.tsv;
         INSERT INTO search_tsv_lang (doc_id, tsv)
         VALUES (NEW.id, strip(coalesce(NEW.tsv_lang, '')))
         ON CONFLICT (doc_id) DO UPDATE SET tsv = EXCLUDED.tsv;
         RETURN NULL;
       END $$""",
    """CREATE FUNCTION search_tsv_forget() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM search_tsv_simple WHERE doc_id = OLD.id;
         DELETE FROM search_tsv_lang WHERE doc_id = OLD.id;
         RETURN NULL;
       END $$""",
    # a test database is emptied by TRUNCATE, which fires no row trigger
    """CREATE FUNCTION search_tsv_empty() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         TRUNCATE search_tsv_simple, search_tsv_lang;
         RETURN NULL;
       END $$""",
    # a document is created without vectors, then given them (index.py)
    """CREATE TRIGGER search_tsv_add AFTER INSERT ON search_searchdocument
       FOR EACH ROW WHEN (NEW.tsv_simple IS NOT NULL OR NEW.tsv_lang IS NOT NULL)
       EXECUTE FUNCTION search_tsv_copy()""",
    """CREATE TRIGGER search_tsv_copy
       AFTER UPDATE OF tsv_simple, tsv_lang ON search_searchdocument
       FOR EACH ROW EXECUTE FUNCTION search_tsv_copy()""",
    """CREATE TRIGGER search_tsv_forget AFTER DELETE ON search_searchdocument
       FOR EACH ROW EXECUTE FUNCTION search_tsv_forget()""",
    """CREATE TRIGGER search_tsv_empty AFTER TRUNCATE ON search_searchdocument
       FOR EACH STATEMENT EXECUTE FUNCTION search_tsv_empty()""",
]
PG_DOWN = [
    "DROP TRIGGER IF EXISTS search_tsv_add ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_tsv_copy ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_tsv_forget ON search_searchdocument",
    "DROP TRIGGER IF EXISTS search_tsv_empty ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_tsv_copy()",
    "DROP FUNCTION IF EXISTS search_tsv_forget()",
    "DROP FUNCTION IF EXISTS search_tsv_empty()",
    *(f"DROP TABLE IF EXISTS {table}" for table in SIDE_TABLES),
    "CREATE INDEX search_doc_tsv_lang ON search_searchdocument USING GIN (tsv_lang)",
    "CREATE INDEX search_doc_tsv_simple ON search_searchdocument "
    "USING GIN (tsv_simple)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [migrations.RunPython(run(PG_UP), run(PG_DOWN))]
