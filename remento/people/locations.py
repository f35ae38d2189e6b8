"""The places an organisation's active people work at, for filters that offer them.

``SELECT DISTINCT location`` reads every active person (100,000 index entries for a handful
of places), and neither SQLite nor PostgreSQL skips through an index to the next distinct
value on its own. The recursive query below does that skip by hand (a "loose index scan"):
each step asks the ``(organization, is_active, location)`` index for the smallest location
after the previous one, so the cost follows the number of places, not of people. The same
SQL runs on both databases.
"""

from __future__ import annotations

from django.db import connection

from remento.people.models import Employee

_TABLE = Employee._meta.db_table

_NEXT_LOCATION = f"""
SELECT MIN(location) FROM {_TABLE}
WHERE organization_id = %s AND is_active = %s AND location > {{after}}
"""

_LOCATIONS = f"""
WITH RECURSIVE places(location) AS (
    {_NEXT_LOCATION.format(after="%s")}
    UNION ALL
    SELECT ({_NEXT_LOCATION.format(after="places.location")})
    FROM places WHERE places.location IS NOT NULL
)
SELECT location FROM places WHERE location IS NOT NULL
"""


def active_locations(*, organization_id: int) -> list[str]:
    """The distinct non-blank locations of the organisation's active people, sorted. One
    query; its cost grows with the number of places, not of people."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCATIONS, [organization_id, True, "", organization_id, True])
        return [location for (location,) in cursor.fetchall()]
