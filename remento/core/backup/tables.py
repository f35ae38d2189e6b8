"""What a database holds, table by table: the names, the row counts, and whether it holds data."""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

# Tables that ``migrate`` fills on a brand-new database: rows there are not anyone's data.
TABLES_FILLED_BY_MIGRATE = frozenset(
    {"django_migrations", "django_content_type", "auth_permission"}
)


def table_names(connection: BaseDatabaseWrapper) -> list[str]:
    """Every table of the database (no views, no SQLite internals), sorted."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if not name.startswith("sqlite_"))


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """The number of rows of every table, by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for name in table_names(connection):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def tables_with_data(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables that hold rows someone put there (not only what ``migrate`` writes)."""
    return [
        name
        for name, count in row_counts(connection).items()
        if count and name not in TABLES_FILLED_BY_MIGRATE
    ]
