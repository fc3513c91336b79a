"""The database-specific full-text structures of the search (see fulltext.py)."""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, text, cjk, content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, text, cjk)
        VALUES (new.id, new.title, new.text, new.cjk); END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text, cjk)
        VALUES ('delete', old.id, old.title, old.text, old.cjk); END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE OF title, text, cjk
        ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, text, cjk)
        VALUES ('delete', old.id, old.title, old.text, old.cjk);
        INSERT INTO search_fts(rowid, title, text, cjk)
        VALUES (new.id, new.title, new.text, new.cjk); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_ai", "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au", "DROP TABLE IF EXISTS search_fts",
]
PG_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv_lang tsvector, "
    "ADD COLUMN tsv_simple tsvector",
    "CREATE INDEX search_doc_tsv_lang ON search_searchdocument USING GIN (tsv_lang)",
    "CREATE INDEX search_doc_tsv_simple ON search_searchdocument USING GIN (tsv_simple)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS search_doc_tsv_lang", "DROP INDEX IF EXISTS search_doc_tsv_simple",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv_lang, "
    "DROP COLUMN IF EXISTS tsv_simple",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
