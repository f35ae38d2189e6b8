"""Who is told when a pair ends, and how: both people (the one who closed it reads "you"),
and, when one of the two ended it, the organisation's coordinators, without the reason (it
is the pair's own words; a coordinator reads it only through the confidential view)."""

from __future__ import annotations

from remento.core.notifications import notify
from remento.people.models import Employee, Role
from remento.relationships.models import Pair


def coordinators_told(pair: Pair) -> list[Employee]:
    """Who is emailed about what a pair's people do: the organisation's active coordinators
    and admins, never one of the pair."""
    return list(
        Employee.objects.filter(
            organization_id=pair.program.organization_id,
            is_active=True,
            role__in=[Role.COORDINATOR, Role.ADMIN],
        )
        .exclude(pk__in=[pair.mentor_id, pair.mentee_id])
        .order_by("pk")
    )


def tell_pair_closed(*, pair: Pair, closed_by: Employee, neutral: bool) -> None:
    """Email both people that ``pair`` has ended (``neutral``: naming neither who closed it
    nor why), and the coordinators when one of the two closed it."""
    for person, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
        notify(
            to=person,
            template=f"relationships/email/pair_closed{'_neutral' if neutral else ''}",
            context={
                "pair": pair,
                "partner": partner,
                "program": pair.program,
                "closed_by": closed_by,
                "by_you": closed_by.pk == person.pk,
            },
        )
    if closed_by.pk not in (pair.mentor_id, pair.mentee_id):
        return
    for coordinator in coordinators_told(pair):
        notify(
            to=coordinator,
            template="relationships/email/pair_closed_coordinator",
            context={"pair": pair, "program": pair.program, "closed_by": closed_by},
        )
