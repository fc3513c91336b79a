"""Database-level guard: a State's decision (granted, refused, withdrawn) is a
record. Whatever code or SQL console tries, it cannot go back to "not yet
decided", move to another activity or State, or (on PostgreSQL) be deleted.
On SQLite a DELETE stays possible only so that test database flushes work;
the model's pre_delete signal refuses it (``activities/records.py``)."""

from django.db import migrations

from uprtc.core.vendor_sql import per_vendor

DECIDED = "('granted', 'refused', 'withdrawn')"
PG_UP = f"""
CREATE OR REPLACE FUNCTION activities_consent_is_a_record() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status IN {DECIDED} THEN
            RAISE EXCEPTION 'a State''s consent decision is on record';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status IN {DECIDED} AND (
        NEW.status NOT IN {DECIDED}
        OR NEW.activity_id <> OLD.activity_id
        OR NEW.country_id <> OLD.country_id
    ) THEN
        RAISE EXCEPTION 'a State''s consent decision is on record';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER activities_consent_record BEFORE UPDATE OR DELETE
    ON activities_consent FOR EACH ROW
    EXECUTE FUNCTION activities_consent_is_a_record();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS activities_consent_record ON activities_consent;
DROP FUNCTION IF EXISTS activities_consent_is_a_record();
"""
SQLITE_UP = f"""
CREATE TRIGGER activities_consent_record BEFORE UPDATE ON activities_consent
WHEN OLD.status IN {DECIDED} AND (
    NEW.status NOT IN {DECIDED}
    OR NEW.activity_id <> OLD.activity_id
    OR NEW.country_id <> OLD.country_id
)
BEGIN SELECT RAISE(ABORT, 'a State''s consent decision is on record'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS activities_consent_record;"


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_activity_revision")]
    operations = [
        per_vendor(
            pg_up=PG_UP,
            pg_down=PG_DOWN,
            sqlite_up=SQLITE_UP,
            sqlite_down=SQLITE_DOWN,
        )
    ]
