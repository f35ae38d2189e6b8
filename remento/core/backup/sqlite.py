"""SQLite: copies through SQLite's online backup API, which is safe while the site runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

from remento.core.errors import ServiceError


def sqlite_backup(connection: BaseDatabaseWrapper, destination: Path) -> dict[str, int]:
    """Copy the live database into ``destination`` (a new file) and return the copy's row
    counts, taken from the copy itself so that they describe exactly what was saved."""
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target)
        problems = target.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise ServiceError(f"The copy of the database is damaged: {problems[:5]}")
        names = [
            row[0]
            for row in target.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: target.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in sorted(names)
        }
    finally:
        target.close()


def sqlite_make_folder(connection: BaseDatabaseWrapper) -> None:
    """Create the database file's folder: a bare server has no var/ folder yet, and SQLite
    will not create it."""
    name = str(connection.settings_dict["NAME"])
    if name != ":memory:" and "mode=memory" not in name:  # as Django tells an in-memory one
        Path(name).parent.mkdir(parents=True, exist_ok=True)


def sqlite_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace the whole live database (schema and rows) by the copy in ``source``, in one
    step of SQLite's backup API: readers see either the old database or the restored one."""
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        problems = copy.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise ServiceError(f"The database in the backup is damaged: {problems[:5]}")
        connection.ensure_connection()
        copy.backup(connection.connection)
    finally:
        copy.close()
