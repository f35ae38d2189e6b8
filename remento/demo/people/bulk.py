"""Writing the demo's many rows quickly: plain INSERTs of values, and SQLite tuned for it.

``bulk_create`` builds a model instance per row and prepares every value through the field
machinery: right for a few thousand rows, but most of the time of a demo of 100,000 people
(about a million rows: the people, their skills, interests and sensitive attributes).
``insert_rows`` sends the values as they are, in ``executemany`` batches, adapting only the
columns that need it (dates, times, JSON) and filling the others with their defaults, once.

``build_tuning`` is worn by the whole demo build: SQLite stops waiting for the disk
(``synchronous=OFF``: a build that crashes is rebuilt from scratch anyway) and keeps more of
the database in memory; the settings are put back afterwards. Debug mode's query log, which
formats every statement with its values, and Python's cycle collector, which would walk the
build's millions of objects again and again, are off for the build as well.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

BATCH = 10_000  # rows per executemany
# SQLite's page cache for the build, in KiB (negative: a size, not a page count).
BUILD_CACHE_KIB = 200_000

type Adapt = Callable[[Any], Any]


def _adapter(field: models.Field[Any, Any]) -> Adapt | None:
    """How a value of ``field`` is sent to the database, or None when as it is."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, (models.JSONField, models.DecimalField)):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT ``rows``, each the values of ``columns`` (field attnames: ``employee_id`` for a
    foreign key), into ``model``'s table; every other column but the id gets its default
    (the time of the call for ``auto_now`` fields). Writes no ids back: read them from the
    rows' natural keys when needed."""
    if not rows:
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    given = [fields[name] for name in columns]
    now = timezone.now()
    rest = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in columns
        and not isinstance(field, AutoFieldMixin)
        and not field.generated  # the database works these out itself
    ]
    defaults = tuple(_prepared(field, _default(field, now)) for field in rest)
    adapters = [(i, adapt) for i, field in enumerate(given) if (adapt := _adapter(field))]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in [*given, *rest])
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            cursor.executemany(sql, [_row(row, adapters) + defaults for row in chunk])


def _row(row: Sequence[Any], adapters: list[tuple[int, Adapt]]) -> tuple[Any, ...]:
    if not adapters:
        return tuple(row)
    values = list(row)
    for index, adapt in adapters:
        if values[index] is not None:
            values[index] = adapt(values[index])
    return tuple(values)


def _default(field: models.Field[Any, Any], now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _prepared(field: models.Field[Any, Any], value: Any) -> Any:
    adapt = _adapter(field)
    return adapt(value) if adapt is not None and value is not None else value


def _chunks[T](items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def build_tuning() -> Iterator[None]:
    """The demo build's database settings (see the module's docstring), put back after."""
    debug = settings.DEBUG
    settings.DEBUG = False  # no query log: it formats each statement with all its values
    # The build makes millions of short-lived objects beside a hundred thousand people held
    # for its length: the cycle collector would walk them all, again and again.
    collecting = gc.isenabled()
    gc.disable()
    # SQLite refuses to change its safety level inside a transaction (a test's, say).
    tunable = connection.vendor == "sqlite" and not connection.in_atomic_block
    pragmas = _sqlite_pragmas() if tunable else {}
    try:
        if pragmas:
            _sqlite_set({"synchronous": 0, "cache_size": -BUILD_CACHE_KIB, "temp_store": 2})
        yield
    finally:
        settings.DEBUG = debug
        if collecting:
            gc.enable()
        if pragmas:
            _sqlite_set(pragmas)


def _sqlite_pragmas() -> dict[str, int]:
    values = {}
    with connection.cursor() as cursor:
        for name in ("synchronous", "cache_size", "temp_store"):
            cursor.execute(f"PRAGMA {name}")
            values[name] = int(cursor.fetchone()[0])
    return values


def _sqlite_set(values: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"PRAGMA {name} = {int(value)}")
