"""Which check-in answers a viewer's results figures may count: the one rule every figure
built from check-in answers follows (the KPI "check-in rating", its weekly series, the
ratings chart, the KPIs by group, the sponsor's report and its quotes, the API's KPIs).

A pair's people never read each other's check-in answers; coordinators read them. A
coordinator may themselves be in a pair (they may mentor in their own program): the figures
they read then leave out the answers their partner gave in that pair, so that no figure
tells them their partner's confidential answer (or, by comparing two figures, moves as it
moves). Their own answers, and everyone else's, count as usual. This mirrors the health
board, which judges a pair the viewer is in as its people see it
(``relationships.health.states.seen_by``).

The rule is a ``Q`` on ``CheckIn`` (``withheld_from``): querysets leave those answers out
(``countable``) or say, in the same query, whether a program holds any (``withheld_in``),
so that figures the task worker keeps for everyone (``outcomes.kept``, the weekly KPI
snapshots) are read as they are for a viewer in no pair, and worked out again for this
viewer only where the partner's answers are in them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Q, QuerySet

from remento.relationships.checkins.models import CheckIn, CheckInStatus


def withheld_from(viewer_id: int, *, via: str = "") -> Q:
    """The check-in answers ``viewer_id`` may not count: written, in a pair the viewer is
    one of, by the other person. ``via`` is the path from the queried model to the check-in
    ("" on ``CheckIn`` itself)."""
    in_their_pair = Q(**{f"{via}pair__mentor_id": viewer_id}) | Q(
        **{f"{via}pair__mentee_id": viewer_id}
    )
    return in_their_pair & ~Q(**{f"{via}employee_id": viewer_id})


def countable(checkins: QuerySet[CheckIn], viewer_id: int | None) -> QuerySet[CheckIn]:
    """``checkins`` less those ``viewer_id`` may not count (all of them for no viewer: the
    task worker, kept for everyone)."""
    return checkins if viewer_id is None else checkins.exclude(withheld_from(viewer_id))


def withheld_in(viewer_id: int, **scope: Any) -> Exists:
    """Whether any rated answer the figures count (an answered check-in with a rating) in
    ``scope`` (lookups on ``CheckIn``, e.g. ``pair__program_id=OuterRef("program_id")``)
    is one ``viewer_id`` may not count: to annotate a query the page makes anyway."""
    return Exists(
        CheckIn.objects.filter(
            withheld_from(viewer_id),
            status=CheckInStatus.ANSWERED,
            rating__isnull=False,
            **scope,
        )
    )
