"""Backup and restore of a whole Remento: the database and the uploaded files, in one archive.

The archive is a tar file (readable by ``tar -tvf``) holding:

- ``manifest.json``: the format, the database engine, when it was made, and the row count of
  every table, so that a restore can prove it brought back what was saved;
- ``database.sqlite3`` (SQLite's online backup API) or ``database.pgdump`` (``pg_dump -Fc``);
- ``media/``: every file under ``MEDIA_ROOT``.

It is written under a temporary name and renamed once complete, readable by its owner only
(it holds personal data). ``backup_restore`` refuses to replace a database or uploaded files
that hold data unless told to (``force``), and checks the restored row counts afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from remento.core.backup.postgres import postgres_backup, postgres_restore
from remento.core.backup.sqlite import sqlite_backup, sqlite_make_folder, sqlite_restore
from remento.core.backup.tables import row_counts, tables_with_data
from remento.core.errors import ServiceError

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    tables: dict[str, int]
    media_files: int


@dataclass(frozen=True)
class RestoreSummary:
    engine: str
    created_at: str
    tables: dict[str, int]
    media_files: int
    replaced_tables: list[str] = field(default_factory=list)
    replaced_media_files: int = 0
    mismatches: dict[str, tuple[int, int | None]] = field(default_factory=dict)


def _engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise ServiceError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


def _remento_version() -> str:
    try:
        return version("remento")
    except PackageNotFoundError:
        return "unknown"


def backup_default_name(now: datetime | None = None) -> str:
    """``remento-YYYYMMDD-HHMMSS.tar`` in UTC: sorts by date, never collides within a second."""
    return f"remento-{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}.tar"


def backup_create(*, destination: Path) -> BackupSummary:
    """Write the database and ``MEDIA_ROOT`` into a new archive at ``destination`` (a
    directory gets a dated file name). Refuses to overwrite an existing file."""
    engine = _engine()
    if destination.is_dir():
        destination = destination / backup_default_name()
    if destination.exists():
        raise ServiceError(f"{destination} already exists; choose a new file name.")
    if not destination.parent.is_dir():
        raise ServiceError(f"The folder {destination.parent} does not exist.")
    partial = destination.with_name(destination.name + ".partial")
    media_root = _media_root()
    media_files = _media_files(media_root)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".remento-backup-") as work:
        database_file = Path(work) / DATABASE_FILES[engine]
        backup = sqlite_backup if engine == "sqlite" else postgres_backup
        tables = backup(connection, database_file)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "remento_version": _remento_version(),
            "database_file": database_file.name,
            "media_files": len(media_files),
            "tables": tables,
        }
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as stream,
                tarfile.open(fileobj=stream, mode="w") as tar,
            ):
                tar.add(manifest_file, arcname=MANIFEST)
                tar.add(database_file, arcname=database_file.name)
                for path in media_files:
                    tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupSummary(destination, engine, tables, len(media_files))


def backup_manifest(*, source: Path) -> dict[str, Any]:
    """The manifest of the archive at ``source``, checked to be one this version can restore."""
    if not source.is_file():
        raise ServiceError(f"{source} is not a file.")
    try:
        with tarfile.open(source, mode="r:*") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
            names = set(tar.getnames())
    except (tarfile.TarError, KeyError, ValueError) as error:
        raise ServiceError(f"{source} is not a Remento backup ({error}).") from error
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DATABASE_FILES:
        raise ServiceError(
            f"{source} is a backup in format {manifest.get('format')!r} of engine "
            f"{manifest.get('engine')!r}; this version restores format {FORMAT} only."
        )
    if DATABASE_FILES[manifest["engine"]] not in names:
        raise ServiceError(f"{source} lacks its database file; it is incomplete.")
    return manifest


def _restore_media(tar: tarfile.TarFile, media_root: Path) -> int:
    """Put the archive's ``media/`` in place of ``MEDIA_ROOT``: unpacked beside it first, then
    swapped in, so a failure while unpacking leaves the current files untouched."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    members = [m for m in tar.getmembers() if m.name.startswith(f"{MEDIA}/")]
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".remento-restore-") as work:
        tar.extractall(work, members=members, filter="data")
        unpacked = Path(work) / MEDIA
        unpacked.mkdir(exist_ok=True)
        if media_root.exists():
            shutil.rmtree(media_root)
        os.replace(unpacked, media_root)
    return sum(1 for m in members if m.isfile())


def backup_restore(*, source: Path, force: bool = False) -> RestoreSummary:
    """Replace the database and ``MEDIA_ROOT`` by the archive at ``source``.

    Refuses, naming what is there, when the database holds data or ``MEDIA_ROOT`` holds
    files, unless ``force``. Afterwards counts the rows of every table against the manifest
    (``mismatches`` is empty when the restore is complete)."""
    manifest = backup_manifest(source=source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise ServiceError(
            f"{source} holds a {ENGINE_NAMES[manifest['engine']]} database, but this Remento "
            f"uses {ENGINE_NAMES[engine]} (DATABASE_URL); restore it into the same kind of "
            f"database it was taken from."
        )
    if engine == "sqlite":
        sqlite_make_folder(connection)
    media_root = _media_root()
    occupied = tables_with_data(connection)
    existing_media = _media_files(media_root)
    if (occupied or existing_media) and not force:
        held = []
        if occupied:
            listed = ", ".join(occupied[:5]) + (", …" if len(occupied) > 5 else "")
            held.append(f"the database holds data in {len(occupied)} table(s) ({listed})")
        if existing_media:
            held.append(f"{media_root} holds {len(existing_media)} file(s)")
        raise ServiceError(
            f"Nothing was restored: {' and '.join(held)}. Restoring replaces all of it; "
            f"run again with --force to do so (take a backup of it first)."
        )
    with tarfile.open(source, mode="r:*") as tar, tempfile.TemporaryDirectory() as work:
        database_name = DATABASE_FILES[engine]
        tar.extract(database_name, work, filter="data")
        database_file = Path(work) / database_name
        restore = sqlite_restore if engine == "sqlite" else postgres_restore
        restore(connection, database_file)
        media_count = _restore_media(tar, media_root)
    restored = row_counts(connection)
    saved: dict[str, int] = manifest["tables"]
    mismatches = {
        name: (count, restored.get(name))
        for name, count in saved.items()
        if restored.get(name) != count
    }
    return RestoreSummary(
        engine=engine,
        created_at=manifest["created_at"],
        tables=restored,
        media_files=media_count,
        replaced_tables=occupied,
        replaced_media_files=len(existing_media),
        mismatches=mismatches,
    )
