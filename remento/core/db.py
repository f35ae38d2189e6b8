"""Database housekeeping that the ORM does not do: refreshing the planner's statistics.

PostgreSQL plans each query from statistics that autovacuum refreshes only after a while;
right after a bulk write (the demo build, an HRIS import) they still describe the tables as
they were, and the planner picks plans that suit a few rows for many thousands. ``analyze``
refreshes them at once.

SQLite keeps no statistics until ``ANALYZE`` writes ``sqlite_stat1``; without them it
guesses, and picks the (organisation, name) index of the people to save a sort while it
reads every person of the organisation: the skill-gap pages at 20,000 people took 340 ms of
CPU without statistics and 87 ms with them (the page walk, bench/page_walk.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Model

# Rows SQLite's ANALYZE reads per index: a sample, so that it costs about the same (well
# under a second) at any size; the planner needs the rough shape, not exact counts.
SQLITE_ANALYSIS_LIMIT = 1000


def analyze(models: Iterable[type[Model]] | None = None) -> None:
    """Refresh the planner's statistics for the tables of ``models`` (every table of the
    database when ``None``): PostgreSQL's, and on SQLite ``sqlite_stat1`` from a sample of
    each index. Does nothing on other databases."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    quote = connection.ops.quote_name
    tables = sorted({model._meta.db_table for model in models}) if models is not None else []
    if models is not None and not tables:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            # SQLite's ANALYZE takes one table at a time.
            for statement in [f"ANALYZE {quote(table)}" for table in tables] or ["ANALYZE"]:
                cursor.execute(statement)
            return
        statement = f"ANALYZE {', '.join(quote(t) for t in tables)}" if tables else "ANALYZE"
        cursor.execute(statement)


def analyze_after_commit(models: Iterable[type[Model]] | None = None) -> None:
    """``analyze`` once the current transaction commits (at once outside one), so that the
    statistics describe the rows just written and a rolled-back write costs nothing."""
    chosen = list(models) if models is not None else None
    transaction.on_commit(lambda: analyze(chosen))
