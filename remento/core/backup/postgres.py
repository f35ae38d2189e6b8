"""PostgreSQL: ``pg_dump`` and ``pg_restore`` in their custom format (``-Fc``).

The connection comes from ``settings.DATABASES``; the password travels in the ``PGPASSWORD``
environment variable of the child process, never on its command line (where ``ps`` shows it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from remento.core.backup.tables import row_counts
from remento.core.errors import ServiceError

# libpq reads these from the environment; Django's OPTIONS of the same meaning map onto them.
_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


def _client_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _OPTION_VARIABLES.items():
        value = settings_dict.get("OPTIONS", {}).get(option)
        if value:
            env[variable] = str(value)
    return env


def _run(program: str, arguments: list[str], settings_dict: dict[str, Any]) -> str:
    executable = shutil.which(program)
    if executable is None:
        raise ServiceError(
            f"{program} is not installed: install the PostgreSQL client tools "
            f"(Debian/Ubuntu: apt install postgresql-client) in the version of the server."
        )
    result = subprocess.run(
        [executable, *arguments],
        env=_client_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ServiceError(f"{program} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


def postgres_backup(connection: BaseDatabaseWrapper, destination: Path) -> dict[str, int]:
    """Dump the database into ``destination`` and return its row counts, both taken from one
    snapshot (a repeatable-read transaction whose snapshot ``pg_dump --snapshot`` shares), so
    the counts describe exactly what the dump holds even while the site keeps writing."""
    reader = connections.create_connection(connection.alias or DEFAULT_DB_ALIAS)
    reader.ensure_connection()
    try:
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = row_counts(reader)
        _run(
            "pg_dump",
            ["--format=custom", f"--snapshot={snapshot}", f"--file={destination}"],
            connection.settings_dict,
        )
    finally:
        reader.rollback()
        reader.close()
    # Reading the dump's table of contents proves that the file is a complete archive.
    _run("pg_restore", ["--list", str(destination)], connection.settings_dict)
    return counts


def postgres_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Restore the dump in ``source`` into the configured database in one transaction: the
    objects of the dump are dropped and recreated (``--clean``), and on any error nothing
    changes. Ownership and grants are left to the connecting role (``--no-owner``)."""
    connection.close()
    _run(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        connection.settings_dict,
    )
