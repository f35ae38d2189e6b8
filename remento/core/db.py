"""Database housekeeping that the ORM does not do: refreshing the planner's statistics.

PostgreSQL plans each query from statistics that autovacuum refreshes only after a while;
right after a bulk write (the demo build, an HRIS import) they still describe the tables as
they were, and the planner picks plans that suit a few rows for many thousands. ``analyze``
refreshes them at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model


def analyze(models: Iterable[type[Model]] | None = None) -> None:
    """Refresh PostgreSQL's planner statistics for the tables of ``models`` (every table
    of the database when ``None``). Does nothing on other databases: SQLite plans without
    them until asked, and its own ``ANALYZE`` would slow the demo build down for little."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    tables = sorted({model._meta.db_table for model in models}) if models is not None else []
    if models is not None and not tables:
        return
    statement = f"ANALYZE {', '.join(quote(table) for table in tables)}" if tables else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)


def analyze_after_commit(models: Iterable[type[Model]] | None = None) -> None:
    """``analyze`` once the current transaction commits (at once outside one), so that the
    statistics describe the rows just written and a rolled-back write costs nothing."""
    chosen = list(models) if models is not None else None
    transaction.on_commit(lambda: analyze(chosen))
