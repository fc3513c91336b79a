"""One archive holding everything needed to bring a site back: the database
and the uploads, with a manifest (time, version, migrations, checksums).

``create_backup`` and ``restore_backup`` serve ``uprtc backup`` and
``uprtc restore``. SQLite is copied with its online backup API (consistent
while the site runs) and restored the same way into the live database, page
by page in one transaction; PostgreSQL uses ``pg_dump --format=custom`` and
``pg_restore --clean --if-exists``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """The archive cannot be made or restored; nothing was changed."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"backups of a {vendor} database are not supported")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (scripts/install-system-deps.sh)"
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _dump_database(target: Path) -> None:
    connection.ensure_connection()
    if _engine() == "sqlite":
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return
    args, env = _pg_args()
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *args], env)


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _copy_media(target: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target, symlinks=False)
    else:
        target.mkdir()


def create_backup(out: Path) -> dict[str, Any]:
    """Write the archive to ``out`` (tar.gz); returns its manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="uprtc-backup-") as tmp:
        root = Path(tmp)
        engine = _engine()
        _dump_database(root / DUMPS[engine])
        _copy_media(root / MEDIA_DIR)
        files = {
            path.relative_to(root).as_posix(): _sha256(path)
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "version": version("uprtc"),
            "engine": engine,
            "migrations": applied_migrations(),
            "files": files,
        }
        (root / MANIFEST).write_text(json.dumps(manifest, indent=1), "utf-8")
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(root / MANIFEST, MANIFEST)
            for name in files:
                archive.add(root / name, name)
        partial.replace(out)  # a half-written archive never looks complete
    return manifest


def _extract(archive_path: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # the "data" filter refuses absolute paths, "..", links out and devices
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"not a readable backup archive: {exc}") from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("the archive has no readable manifest") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    return manifest


def verify(root: Path, manifest: dict[str, Any]) -> None:
    """Every file listed with its checksum, and nothing else."""
    present = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    listed = set(manifest["files"])
    if present != listed:
        raise BackupError(
            f"the archive's files differ from its manifest: {sorted(present ^ listed)}"
        )
    for name, checksum in manifest["files"].items():
        if _sha256(root / name) != checksum:
            raise BackupError(f"checksum mismatch: {name}")


def _check_migrations(manifest: dict[str, Any]) -> None:
    ahead = sorted(set(manifest["migrations"]) - known_migrations())
    if ahead:
        raise BackupError(
            "the archive comes from a newer version: its migrations "
            f"{', '.join(ahead[:5])} are unknown to this code; upgrade first"
        )


def _restore_database(dump: Path, engine: str) -> None:
    if engine == "sqlite":
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            # one transaction, page by page, into the open database (WAL or not)
            source.backup(connection.connection)
        finally:
            source.close()
        return
    args, env = _pg_args()
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        + args
        + [str(dump)],
        env,
    )


def _restore_media(extracted: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    shutil.copytree(extracted, staged / "media")
    old = media.with_name(media.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    (staged / "media").rename(media)
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def restore_backup(archive_path: Path) -> dict[str, Any]:
    """Verify the archive, then replace the database and the uploads."""
    with tempfile.TemporaryDirectory(prefix="uprtc-restore-") as tmp:
        root = Path(tmp)
        manifest = _extract(Path(archive_path), root)
        verify(root, manifest)
        engine = _engine()
        if manifest["engine"] != engine:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database; "
                f"this site runs {engine}"
            )
        _check_migrations(manifest)
        connection.close_if_unusable_or_obsolete()
        _restore_database(root / DUMPS[engine], engine)
        _restore_media(root / MEDIA_DIR)
    return manifest
