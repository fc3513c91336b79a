import pytest
from django.db import DatabaseError, connection, transaction

from uprtc.core import audit
from uprtc.core.models import AppendOnlyError, AuditEvent


@pytest.mark.django_db
def test_it_records_who_did_what_from_what_to_what(personas):
    event = audit.record(
        "test.thing.changed",
        actor=personas.reviewer,
        obj=personas.cso,
        before={"name": "a"},
        after={"name": "b"},
    )
    event.refresh_from_db()
    assert event.actor == personas.reviewer
    assert event.actor_label == "reviewer@ohchr.org"
    assert event.object_type == "actors.organization"
    assert event.object_id == str(personas.cso.pk)
    assert (event.before, event.after) == ({"name": "a"}, {"name": "b"})


@pytest.mark.django_db
def test_it_refuses_changes_through_the_orm():
    event = audit.record("test.thing.created", actor="command:test")
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_it_refuses_updates_even_in_raw_sql():
    event = audit.record("test.thing.created", actor="command:test")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).action == "test.thing.created"


@pytest.mark.django_db
def test_it_refuses_deletes_in_raw_sql_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE possible for test flushes; the ORM refuses it")
    event = audit.record("test.thing.created", actor="command:test")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_the_admin_can_read_but_not_edit_or_delete_the_log(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.org", "x" * 16)
    event = audit.record("test.thing.created", actor="command:test")
    client.force_login(admin)
    assert client.get("/en/admin/core/auditevent/").status_code == 200
    change = client.get(f"/en/admin/core/auditevent/{event.pk}/change/")
    assert change.status_code == 200 and b'name="action"' not in change.content
    assert (
        client.post(
            f"/en/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get("/en/admin/core/auditevent/add/").status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_a_saved_change_writes_only_its_fields_and_says_before_and_after(personas):
    org = personas.cso
    org.name = "Typed but not saved"
    event = audit.save_change(
        org,
        "test.organization.anonymity",
        actor=personas.reviewer,
        data={"why": "asked"},
        public_anonymous=True,
        vetted_by=personas.reviewer,
    )
    org.refresh_from_db()
    assert org.public_anonymous and org.vetted_by == personas.reviewer
    assert org.name != "Typed but not saved"  # only the named fields were saved
    event.refresh_from_db()
    assert event.before == {"public_anonymous": False, "vetted_by": None}
    assert event.after == {
        "public_anonymous": True,
        "vetted_by": personas.reviewer.pk,
    }
    assert event.data == {"why": "asked"} and event.actor == personas.reviewer
