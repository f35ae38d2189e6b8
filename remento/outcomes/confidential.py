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

The rule is the check-ins' own (``relationships.checkins.selectors.partner_answers``, beside
``sees_answers_of_pair``, a ``Q`` on ``CheckIn``): querysets leave those answers out
(``countable``) or say, in the same query, whether a program holds any (``withheld_in``),
so that figures the task worker keeps for everyone (``outcomes.kept``, the weekly KPI
snapshots) are read as they are for a viewer in no pair, and worked out again for this
viewer only where the partner's answers are in them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, QuerySet

from remento.relationships.checkins.models import CheckIn, CheckInStatus
from remento.relationships.checkins.selectors import partner_answers


def countable(checkins: QuerySet[CheckIn], viewer_id: int | None) -> QuerySet[CheckIn]:
    """``checkins`` less those ``viewer_id`` may not count (all of them for no viewer: the
    task worker, kept for everyone)."""
    return checkins if viewer_id is None else checkins.exclude(partner_answers(viewer_id))


def withheld_in(viewer_id: int, **scope: Any) -> Exists:
    """Whether any rated answer the figures count (an answered check-in with a rating) in
    ``scope`` (lookups on ``CheckIn``, e.g. ``pair__program_id=OuterRef("program_id")``)
    is one ``viewer_id`` may not count: to annotate a query the page makes anyway."""
    return Exists(
        CheckIn.objects.filter(
            partner_answers(viewer_id),
            status=CheckInStatus.ANSWERED,
            rating__isnull=False,
            **scope,
        )
    )
