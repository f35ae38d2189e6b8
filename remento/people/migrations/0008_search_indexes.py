"""Indexes for the search over people (``remento.people.search``) on PostgreSQL.

The search asks ``UPPER(column::text) LIKE UPPER('%word%')`` of names, email and job title
and ``UPPER(employee_id::text) = UPPER('word')`` of the employee id (Django's ``icontains``
and ``iexact``). A B-tree cannot serve a pattern with a leading ``%``; a trigram GIN index
(the ``pg_trgm`` extension) can, so each searched column gets one on the same expression
the query uses, and the employee id a B-tree on its upper-cased value. PostgreSQL then
reads the matching rows from the indexes (a BitmapOr of them) instead of every person.

``fastupdate = off``: by default a GIN index parks new entries in a pending list that only
VACUUM merges, and every search reads that list through. After an import or the demo
build wrote 20,000 people, a search took 95 ms instead of 0.5 ms (and the planner, seeing
the cost, read the whole table instead) until autovacuum came round. Writing each entry
in place costs the import a little and keeps every search quick.

Only on PostgreSQL: SQLite has no such index (its ``LIKE`` reads the table; at the sizes
SQLite serves that stays quick), so there this migration does nothing. The indexes are
outside Django's model state on purpose: it has no portable way to say "a trigram index
on PostgreSQL, nothing elsewhere".
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "people_employee"
TRIGRAM_COLUMNS = ("first_name", "last_name", "preferred_name", "email", "title")


def _statements() -> list[tuple[str, str]]:
    """(create, drop) statements, one pair per index."""
    pairs = [
        (
            f'CREATE INDEX IF NOT EXISTS "employee_{column}_trgm" ON "{TABLE}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops) WITH (fastupdate = off)',
            f'DROP INDEX IF EXISTS "employee_{column}_trgm"',
        )
        for column in TRIGRAM_COLUMNS
    ]
    pairs.append(
        (
            f'CREATE INDEX IF NOT EXISTS "employee_employee_id_upper" ON "{TABLE}" '
            f'(UPPER("employee_id"::text))',
            'DROP INDEX IF EXISTS "employee_employee_id_upper"',
        )
    )
    return pairs


def create_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for create, _ in _statements():
        schema_editor.execute(create)


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, drop in _statements():
        schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_level_history"),
    ]

    operations = [
        # Does nothing on other databases (Django's CreateExtension checks the vendor).
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
