"""Reading and writing kept figures: one row per (organisation, program or none, name),
replaced whole by each run of the worker (``outcomes.kept.services``).

A page asks for the kept figures first and works them out itself only when none are kept
(a program the worker has not reached yet, tests), so a figure is never missing, only
possibly as of the worker's last run, which the page says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, Q, QuerySet

from remento.outcomes.kept.models import KeptFigures


@dataclass(frozen=True)
class Kept:
    payload: Any
    computed_at: datetime
    # What ``read_kept``'s ``flag`` said of the row (False without one).
    flagged: bool = False


def _rows(organization_id: int, name: str, program_id: int | None) -> QuerySet[KeptFigures]:
    of = Q(program__isnull=True) if program_id is None else Q(program_id=program_id)
    return KeptFigures.objects.filter(of, organization_id=organization_id, name=name)


def read_kept(
    organization_id: int,
    name: str,
    program_id: int | None = None,
    *,
    flag: Exists | None = None,
) -> Kept | None:
    """The figures kept under ``name`` (of ``program_id``, or of the organisation itself),
    or None when the worker has kept none. ``flag``, a boolean subquery on the row (e.g.
    ``confidential.withheld_in``), is read by the same query into ``Kept.flagged``. One
    query."""
    rows = _rows(organization_id, name, program_id).order_by("-computed_at", "-pk")
    if flag is None:
        row = rows.values_list("payload", "computed_at").first()
        return None if row is None else Kept(payload=row[0], computed_at=row[1])
    flagged = rows.annotate(flagged=flag).values_list("payload", "computed_at", "flagged").first()
    if flagged is None:
        return None
    return Kept(payload=flagged[0], computed_at=flagged[1], flagged=bool(flagged[2]))


def keep(
    organization_id: int, name: str, payload: Any, *, now: datetime, program_id: int | None = None
) -> None:
    """Replace the figures kept under ``name`` with ``payload``, computed at ``now``."""
    with transaction.atomic():
        _rows(organization_id, name, program_id).delete()
        KeptFigures.objects.create(
            organization_id=organization_id,
            program_id=program_id,
            name=name,
            payload=payload,
            computed_at=now,
        )
