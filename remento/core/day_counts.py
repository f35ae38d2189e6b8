"""Whole days between two moments, counted by the database as Python counts them.

``since + n days <= now`` written with the ORM makes SQLite call Django's duration function,
a Python function, for every row: on a count over every open pair of an organisation that
was most of the home page's time (167 of 206 ms of CPU at 100,000 people). ``whole_days_sql``
writes ``(now - earlier).days`` with the database's own functions instead, exact to the
microsecond on both databases (never ``julianday``, whose floating point can put a row on
the wrong side of a threshold at the second it crosses it), so that "more than n days" is
that SQL ``> n`` (the health rules, ``relationships.health.rules_sql``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

MICROSECONDS_A_DAY = 86_400_000_000


def _sqlite_seconds(sql: str) -> str:
    """Whole seconds since the epoch of a stored "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC)."""
    return f"CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER)"


def _sqlite_microseconds(sql: str) -> str:
    """The microseconds of the same text (0 when it has none: Django leaves them out)."""
    return f"CAST(substr({sql} || '000000', 21, 6) AS INTEGER)"


def whole_days_sql(
    earlier: str, earlier_params: Sequence[Any], *, now: datetime, vendor: str
) -> tuple[str, list[Any]]:
    """SQL for ``(now - earlier).days``, ``earlier`` being SQL of a datetime (with its
    parameters), and the parameters of the whole; SQLite and PostgreSQL only."""
    if vendor == "postgresql":
        return (
            f"FLOOR(EXTRACT(EPOCH FROM (%s - {earlier})) / 86400)::integer",
            [now, *earlier_params],
        )
    utc = now.astimezone(UTC)
    seconds = int(utc.replace(microsecond=0).timestamp())
    sql = (
        f"(((%s - {_sqlite_seconds(earlier)}) * 1000000"
        f" + (%s - {_sqlite_microseconds(earlier)})) / {MICROSECONDS_A_DAY})"
    )
    return sql, [seconds, *earlier_params, utc.microsecond, *earlier_params]
