"""Matching runs: start one in the background worker, then read where it stands and what it
proposes (the program's coordinators, as on the matching pages)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from remento.integrations.api.auth import caller, scoped
from remento.integrations.api.schemas import MatchRun
from remento.matching.models import MatchRun as MatchRunModel
from remento.matching.models import MatchRunStatus, ProposedPair
from remento.matching.selectors.runs import match_run_get
from remento.matching.services.background import match_run_queue
from remento.programs.access import program_get_for

router = Router(tags=["Matching"])


def run_item(run: MatchRunModel) -> dict[str, Any]:
    proposals: list[ProposedPair] = []
    if run.status == MatchRunStatus.REVIEW:
        proposals = list(
            ProposedPair.objects.filter(run=run, removed=False)
            .select_related("mentor", "mentee")
            # Best shown score first, ties by the mentee: never an order that could follow
            # the engine's own score (which counts the diversity criterion).
            .order_by("-score", "mentee_id")
        )
    return {
        "id": run.pk,
        "program_id": run.program_id,
        "status": run.status,
        "phase": run.phase,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "failure": run.failure,
        "proposals": [
            {
                "mentor": {"id": p.mentor_id, "name": p.mentor.display_name},
                "mentee": {"id": p.mentee_id, "name": p.mentee.display_name},
                "score": p.score,
                "locked": p.locked,
            }
            for p in proposals
        ],
    }


@router.post(
    "/programs/{program_id}/matching-runs",
    response={202: MatchRun},
    **scoped("matching:write"),
)
def matching_run_start(request: HttpRequest, program_id: int) -> Status:
    """Queue a matching run of the program (bulk or hybrid matching, in its Matching step);
    202 at once, then read the run until its status is ``review``, ``failed`` or
    ``cancelled``. 409 when a run is already going or the program cannot be matched now."""
    who = caller(request)
    program = program_get_for(viewer=who.viewer, program_pk=program_id, manage=True)
    return Status(202, run_item(match_run_queue(actor=who.user, program=program)))


@router.get(
    "/programs/{program_id}/matching-runs/{run_id}",
    response=MatchRun,
    **scoped("matching:write"),
)
def matching_run_get(request: HttpRequest, program_id: int, run_id: int) -> dict[str, Any]:
    """A run of the program: its status and phase, and its proposed pairs once under review."""
    program = program_get_for(viewer=caller(request).viewer, program_pk=program_id, manage=True)
    return run_item(match_run_get(program=program, run_pk=run_id))
