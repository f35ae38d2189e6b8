"""Reading the stored matching preview: the page shows what the task worker computed.

One query for the stored row and one for the people of its top pairs, whatever the size of
the organisation: no engine call, no pool read (``services.previews`` computes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from remento.matching import adapters
from remento.matching.models import MatchPreview, PreviewState
from remento.matching.selectors.runs import HistogramBin, Preview, ScoreSummary
from remento.matching.services.previews import CHECK_AFTER, preview_is_stale
from remento.people.models import Employee
from remento.programs.models import Program


@dataclass(frozen=True)
class StoredPreview:
    """The stored preview and where its computation stands."""

    state: str  # "computing", "ready", "failed" ("failed" too when the worker stopped)
    requested_at: datetime
    computed_at: datetime | None
    failure: str
    preview: Preview | None  # the last one computed (also while a new one computes)
    needs_check: bool  # old enough for the page to have the worker check its inputs

    @property
    def computing(self) -> bool:
        return self.state == PreviewState.COMPUTING


STOPPED = (
    "The task worker did not finish computing the preview (it may have stopped or been "
    "restarted). Press Refresh to try again; if it happens again, ask your administrator to "
    "check that the task worker (remento db_worker) is running."
)


def stored_matching_preview(*, program: Program) -> StoredPreview | None:
    """The program's stored preview (None when none was ever asked for); reads only."""
    row = MatchPreview.objects.filter(program=program).first()
    if row is None:
        return None
    state, failure = row.state, row.failure
    if preview_is_stale(row):
        state, failure = PreviewState.FAILED, STOPPED
    checked = row.checked_at or row.computed_at
    return StoredPreview(
        state=state,
        requested_at=row.requested_at,
        computed_at=row.computed_at,
        failure=failure,
        preview=_preview_of(program, row.data) if row.data else None,
        needs_check=state == PreviewState.READY
        and (checked is None or checked < timezone.now() - CHECK_AFTER),
    )


def _preview_of(program: Program, data: dict[str, Any]) -> Preview:
    """The stored JSON back as the ``Preview`` the page renders."""
    pairs = [adapters.PairResult(**pair) for pair in data["top_pairs"]]
    people = Employee.objects.select_related("department").in_bulk(
        {p.mentor_id for p in pairs} | {p.mentee_id for p in pairs}
    )
    return Preview(
        population=data["population"],
        mentors=data["mentors"],
        mentees=data["mentees"],
        summary=ScoreSummary(**data["summary"]),
        histogram=[HistogramBin(**item) for item in data["histogram"]],
        top_pairs=[
            (people[p.mentor_id], people[p.mentee_id], p)
            for p in pairs
            # Someone erased since (a leaver purged) drops out of the list.
            if p.mentor_id in people
            and p.mentee_id in people
            and people[p.mentor_id].organization_id == program.organization_id
        ],
        unmatched_reasons=[(reason, count) for reason, count in data["unmatched_reasons"]],
        best_possible=data["best_possible"],
        limit=data["limit"],
        beyond_limit=data["beyond_limit"],
        diversity_counts=bool(data.get("diversity_counts")),
    )
