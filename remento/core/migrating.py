"""Bring the database up to date before a command that fills it (``demo``, ``seed-demo``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def database_migrate() -> None:
    """Apply the migrations not applied yet, first creating the SQLite file's folder when it
    is missing (a fresh checkout has no ``var/`` folder, and SQLite will not create it).

    The system checks open the database, so a command that calls this sets
    ``requires_system_checks = []`` and runs ``self.check()`` afterwards.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(str(database["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
