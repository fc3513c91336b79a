"""Database-level guard: the audit table refuses UPDATE (and DELETE on
PostgreSQL), whatever code or SQL console tries. On SQLite, DELETE stays
possible only so that test database flushes work; the model refuses it."""

from django.db import migrations

from uprtc.core.vendor_sql import per_vendor

PG_UP = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS core_auditevent_no_update ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_no_update;"


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        per_vendor(
            pg_up=PG_UP,
            pg_down=PG_DOWN,
            sqlite_up=SQLITE_UP,
            sqlite_down=SQLITE_DOWN,
        )
    ]
