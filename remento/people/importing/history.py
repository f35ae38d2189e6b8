"""The level history an import keeps: a changed level is recorded as an effective-dated
``LevelChange`` (a promotion or a demotion), never a silent overwrite.

The date is the row's ``level_effective_date`` ("level since") when the file has one, else
the day of the import. Checked against the history already recorded with one query per
``BATCH_SIZE`` people whose level changes; written with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Max

from remento.core.errors import RowProblem
from remento.people.importing.batches import BATCH_SIZE, chunks
from remento.people.models import LevelChange, LevelChangeSource

if TYPE_CHECKING:
    from remento.people.importing.plan import ImportPlan, Update


def level_updates(plan: ImportPlan) -> Iterator[Update]:
    """The plan's updates that change someone's level."""
    return (update for update in plan.to_update if "level" in update.changes)


def level_counts(plan: ImportPlan) -> dict[str, int]:
    """How many promotions (a level up the ladder) and demotions the import records."""
    promotions = demotions = 0
    for update in level_updates(plan):
        before, after = update.changes["level"]
        if after > before:
            promotions += 1
        else:
            demotions += 1
    return {"promotions": promotions, "demotions": demotions}


def check_level_dates(plan: ImportPlan, column: str) -> list[RowProblem]:
    """A level that took effect before the person's last recorded level change would make
    the history go back in time: each such row is a problem (the file is probably older
    than the last import)."""
    dated = {
        update.pk: update
        for update in level_updates(plan)
        if update.row.level_effective_date is not None
    }
    problems: list[RowProblem] = []
    for chunk in chunks(list(dated)):
        latest = (
            LevelChange.objects.filter(employee_id__in=chunk)
            .values("employee_id")
            .annotate(latest=Max("effective_date"))
            .values_list("employee_id", "latest")
        )
        for pk, last in latest:
            update = dated[pk]
            since = update.row.level_effective_date
            if since is not None and since < last:
                problems.append(
                    RowProblem(
                        update.row.row,
                        column,
                        f"{since:%Y-%m-%d} is before {update.row.name}'s last recorded level "
                        f"change ({last:%Y-%m-%d}); give the date the new level took effect",
                    )
                )
    problems.sort(key=lambda problem: problem.row)
    return problems


def level_changes_record(plan: ImportPlan, *, today: dt.date) -> int:
    """Record each level the import changes, effective from the row's "level since" date or
    ``today``; returns how many were recorded."""
    changes = [
        LevelChange(
            employee_id=update.pk,
            level_before=update.changes["level"][0],
            level_after=update.changes["level"][1],
            effective_date=update.row.level_effective_date or today,
            source=LevelChangeSource.IMPORT,
        )
        for update in level_updates(plan)
    ]
    LevelChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    return len(changes)
