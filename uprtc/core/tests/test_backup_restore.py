"""`uprtc backup` → wipe → `uprtc restore` gives back the same rows and files,
on SQLite and (when reachable) on PostgreSQL."""

import json
import os
import subprocess
import sys
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from uprtc.activities import consent
from uprtc.activities.models import Activity, Consent
from uprtc.activities.tests import builders
from uprtc.core.tests.test_uploads import PDF
from uprtc.countries.models import Country

REPO = Path(__file__).resolve().parents[3]
# The in-process tests restore into the test database itself; on PostgreSQL
# the round trip runs through the commands on a database of its own (below).
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the in-process round trip is SQLite's"
)


def make_data(personas):
    activity = builders.approved(personas)
    record = consent.grant_consent(
        personas.reviewer,
        activity,
        Country.objects.get(iso3="SVN"),
        evidence=SimpleUploadedFile("note.pdf", PDF),
    )
    return activity, record


def lose_every_activity():
    """The disaster a backup is for. No code path deletes a State's decision
    (a signal refuses it), so the disaster lifts that guard for a moment."""
    from django.db.models.signals import pre_delete

    from uprtc.activities.records import refuse_deleting_a_decision

    pre_delete.disconnect(sender=Consent, dispatch_uid="consent-record")
    try:
        Activity.objects.all().delete()
    finally:
        pre_delete.connect(
            refuse_deleting_a_decision, sender=Consent, dispatch_uid="consent-record"
        )


def backup(path):
    out = StringIO()
    call_command("backup", "--out", str(path), stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def unpack(archive, folder):
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")


def pack(folder, archive):
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tar.add(path, path.relative_to(folder).as_posix())


def backed_up_and_unpacked(personas, settings, tmp_path):
    """A backup of some data with evidence files, unpacked for tampering."""
    settings.MEDIA_ROOT = tmp_path / "media"
    make_data(personas)
    archive = tmp_path / "site.tar.gz"
    backup(archive)
    unpacked = tmp_path / "unpacked"
    unpack(archive, unpacked)
    return unpacked


def refused(unpacked, archive, reason):
    """Packed again, the archive is refused for ``reason`` and restores nothing
    (the activities lost since the backup stay lost)."""
    pack(unpacked, archive)
    lose_every_activity()
    with pytest.raises(CommandError, match=reason):
        call_command("restore", str(archive), stdout=StringIO())
    assert not Activity.objects.exists()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sqlite_round_trip_gives_back_rows_and_files(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    activity, record = make_data(personas)
    rows = sorted(Activity.objects.values_list("pk", "title"))
    archive = tmp_path / "site.tar.gz"
    assert backup(archive)["engine"] == "sqlite"
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "activities.0001_initial" in manifest["migrations"]
    assert f"media/{record.evidence.name}" in manifest["files"]

    lose_every_activity()
    (settings.MEDIA_ROOT / record.evidence.name).unlink()
    (settings.MEDIA_ROOT / "stray.html").write_text("<script>")

    call_command("restore", str(archive), stdout=StringIO())
    assert sorted(Activity.objects.values_list("pk", "title")) == rows
    restored = Consent.objects.get(pk=record.pk)
    assert (settings.MEDIA_ROOT / restored.evidence.name).read_bytes() == PDF
    assert not (settings.MEDIA_ROOT / "stray.html").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tampered_archive_is_refused_and_nothing_changed(
    personas, settings, tmp_path
):
    unpacked = backed_up_and_unpacked(personas, settings, tmp_path)
    evidence = next((unpacked / "media").rglob("*.pdf"))
    evidence.write_bytes(b"%PDF-forged")
    refused(unpacked, tmp_path / "forged.tar.gz", "checksum mismatch")


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_archive_from_newer_code_is_refused(personas, settings, tmp_path):
    unpacked = backed_up_and_unpacked(personas, settings, tmp_path)
    manifest = json.loads((unpacked / "manifest.json").read_text())
    manifest["migrations"].append("activities.9999_from_the_future")
    (unpacked / "manifest.json").write_text(json.dumps(manifest))
    refused(unpacked, tmp_path / "newer.tar.gz", "9999_from_the_future")


PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "uprtc_backup_test"


def _psql(sql):
    return subprocess.run(
        ["psql", PG_ADMIN, "-v", "ON_ERROR_STOP=1", "-qc", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _uprtc(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings=uprtc.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )


def test_a_postgresql_round_trip_gives_back_rows_and_files(tmp_path):
    """A database of our own on the local server, driven through the commands."""
    try:
        reachable = _psql("select 1").returncode == 0
    except (FileNotFoundError, subprocess.TimeoutExpired):
        reachable = False
    if not reachable:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    _psql(f"drop database if exists {PG_NAME}")
    assert _psql(f"create database {PG_NAME}").returncode == 0
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")
    } | {
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PG_NAME}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "UPRTC_VAR_DIR": str(tmp_path),
    }
    try:
        assert _uprtc("migrate", "-v0", env=env).returncode == 0
        seed = (
            "from django.core.files.base import ContentFile;"
            "from uprtc.core.testing import Personas;"
            "from uprtc.activities.tests import builders;"
            "from uprtc.activities.models import Consent;"
            "p = Personas(); a = builders.approved(p);"
            "c = Consent.objects.get(activity=a);"
            "c.evidence.save('e.pdf', ContentFile(b'%PDF-1.7 pg'));"
            "print(a.pk, c.evidence.name)"
        )
        done = _uprtc("shell", "-c", seed, env=env)
        assert done.returncode == 0, done.stderr
        pk, name = done.stdout.strip().splitlines()[-1].split()
        archive = tmp_path / "pg.tar.gz"
        done = _uprtc("backup", "--out", str(archive), env=env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.splitlines()[-1])["engine"] == "postgresql"
        model = "from uprtc.activities.models import Activity as A; "
        wipe = model + "A.objects.all().delete()"
        assert _uprtc("shell", "-c", wipe, env=env).returncode == 0
        (tmp_path / "media" / name).unlink()
        done = _uprtc("restore", str(archive), env=env)
        assert done.returncode == 0, done.stderr
        count = model + f"print(A.objects.filter(pk={pk}).count())"
        assert _uprtc("shell", "-c", count, env=env).stdout.split()[-1] == "1"
        assert (tmp_path / "media" / name).read_bytes() == b"%PDF-1.7 pg"
    finally:
        _psql(f"drop database if exists {PG_NAME} with (force)")
