"""The reporting line: walking from people up through their managers, in the database.

One walk and one limit for every reader (the profile page, matching's reporting-line rule,
a run's swaps): a recursive query (``WITH RECURSIVE``, one SQL for SQLite and PostgreSQL but
for how the list of ids travels) reads the people asked about and the managers above them,
each once, climbing ``Employee.manager`` one primary-key lookup at a time; ``_walk`` then
lays out each person's chain from those rows. A check therefore costs one indexed query
whatever the size of the organisation, and a cohort's chains (thousands of people) one query
too, never a read of everyone.

The rule that uses the chains (neither person among the other's managers, up to a depth)
lives in the matching engine (``engine.constraints.in_reporting_line``); this module only
says who the managers are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection

from remento.people.models import Employee

# A manager chain longer than this is a data error (the import rejects cycles); stop there
# rather than loop for ever on a cycle written by hand in the admin.
MAX_MANAGER_CHAIN = 50

# The people asked about and every manager above them, each once, as (id, manager): the
# manager's id, 0 at the top of the organisation, NULL for someone outside it (who is then
# neither listed nor followed). Each step looks one person up by primary key in a
# correlated subquery, so the planner probes the index for these people only and never
# scans the organisation (a join lets PostgreSQL hash the whole table for a cohort of a
# few hundred). ``UNION`` (not ``UNION ALL``) drops a row already found, so a cycle in bad
# HRIS data ends the recursion by itself.
_ANCESTORS_SQL = """
WITH RECURSIVE above (id, manager_id) AS (
    SELECT wanted.id, (
        SELECT COALESCE(e.manager_id, 0) FROM {table} e
        WHERE e.id = wanted.id AND e.organization_id = %s
    )
    FROM {wanted} AS wanted
  UNION
    SELECT above.manager_id, (
        SELECT COALESCE(m.manager_id, 0) FROM {table} m
        WHERE m.id = above.manager_id AND m.organization_id = %s
    )
    FROM above WHERE above.manager_id > 0
)
SELECT id, manager_id FROM above
"""


def _wanted(ids: list[int]) -> tuple[str, list[Any]]:
    """The ids as a one-column table (``id``) from a single parameter, so a cohort of
    100,000 people stays within the databases' limits on parameters (SQLite's 32,766,
    PostgreSQL's 65,535)."""
    if connection.vendor == "postgresql":
        # Not ``unnest`` of an array: the planner would see the cohort's real size, price a
        # 2,000-person plan above ``jit_above_cost`` and spend 0.4 s compiling it (JIT) for
        # a 30 ms query. A JSON array is priced at 100 rows whatever its length, and the
        # plan is the same: one primary-key probe per person.
        return "(SELECT CAST(value AS bigint) AS id FROM json_array_elements_text(%s))", [
            json.dumps(ids)
        ]
    if connection.vendor == "sqlite":
        return "(SELECT value AS id FROM json_each(%s))", [json.dumps(ids)]
    rows = " UNION ALL ".join(["SELECT %s AS id"] * len(ids))
    return f"({rows})", list(ids)


def _walk(pk: int, manager_of: dict[int, int | None], limit: int) -> tuple[int, ...]:
    """The one walk: up from ``pk``'s manager, nearest first, until the top, a manager not
    in ``manager_of`` (another organisation's), someone already met (a cycle, the person
    included) or ``limit`` managers."""
    chain: list[int] = []
    seen = {pk}
    boss = manager_of.get(pk)
    while boss is not None and boss in manager_of and boss not in seen and len(chain) < limit:
        chain.append(boss)
        seen.add(boss)
        boss = manager_of[boss]
    return tuple(chain)


def managers_of(
    employee_ids: Iterable[int], *, organization_id: int, depth: int | None = None
) -> dict[int, tuple[int, ...]]:
    """Each person's managers (ids, nearest first), up to ``depth`` levels (any depth when
    ``None``, capped at ``MAX_MANAGER_CHAIN``), in one query that reads these people and
    the managers above them, never the rest of the organisation.

    Every id asked about is a key (an empty chain for the top of the organisation or for
    someone outside it). The walk ends at the top, at a manager outside the organisation,
    and on a cycle (a manager already met, the person included, is not listed twice).
    """
    ids = sorted({int(pk) for pk in employee_ids})
    limit = MAX_MANAGER_CHAIN if depth is None else min(depth, MAX_MANAGER_CHAIN)
    if not ids or limit <= 0:
        return dict.fromkeys(ids, ())
    wanted, wanted_params = _wanted(ids)
    table = connection.ops.quote_name(Employee._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            _ANCESTORS_SQL.format(table=table, wanted=wanted),
            [organization_id, *wanted_params, organization_id],
        )
        rows = cursor.fetchall()
    # Only the organisation's people: someone outside it (NULL) ends a walk before them.
    manager_of = {pk: boss or None for pk, boss in rows if boss is not None}
    return {pk: _walk(pk, manager_of, limit) for pk in ids}
