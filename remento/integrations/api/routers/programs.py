"""Programs and their KPIs: for coordinators, as the programs pages show them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router

from remento.integrations.api.auth import caller, scoped
from remento.integrations.api.pagination import PageQuery, page_of
from remento.integrations.api.schemas import Kpi, Program, ProgramPage
from remento.outcomes.kpis.selectors import program_kpis
from remento.programs.access import program_get_for
from remento.programs.models import Program as ProgramModel
from remento.programs.selectors.programs import programs_for

router = Router(tags=["Programs"])
PROGRAMS_ORDER = ("-created_at", "-pk")


def program_item(program: ProgramModel) -> dict[str, Any]:
    return {
        "id": program.pk,
        "name": program.name,
        "status": program.status,
        "objective_type": program.objective_type,
        "goal": program.goal,
        "enrollment_mode": program.enrollment_mode,
        "matching_mode": program.matching_mode,
        "start_date": program.start_date,
        "end_date": program.end_date,
        "max_pairs": program.max_pairs,
        "mentors_enrolled": getattr(program, "mentors_enrolled", 0),
        "mentees_enrolled": getattr(program, "mentees_enrolled", 0),
        "pairs_open": getattr(program, "pairs_open", 0),
    }


@router.get("/programs", response=ProgramPage, **scoped("programs:read"))
def programs_list(
    request: HttpRequest, page: Query[PageQuery], status: str | None = None
) -> dict[str, Any]:
    """Every program of the organisation, newest first (coordinators, as the programs page)."""
    viewer = caller(request).viewer
    if not viewer.is_coordinator:
        raise PermissionDenied("Only program coordinators may list programs.")
    programs = programs_for(viewer=viewer)
    if status:
        programs = programs.filter(status=status)
    return page_of(programs, order=PROGRAMS_ORDER, query=page, item=program_item)


@router.get("/programs/{program_id}", response=Program, **scoped("programs:read"))
def programs_get(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """One program with its counts (its coordinators)."""
    viewer = caller(request).viewer
    program_get_for(viewer=viewer, program_pk=program_id, manage=True)
    return program_item(programs_for(viewer=viewer).get(pk=program_id))


@router.get("/programs/{program_id}/kpis", response=list[Kpi], **scoped("programs:read"))
def programs_kpis(request: HttpRequest, program_id: int) -> list[dict[str, Any]]:
    """The KPIs the program committed to, measured today beside their targets, with the
    method and sample behind each (as the program's dashboard: without the check-in answers
    of the caller's own partner, should they be in a pair of it)."""
    viewer = caller(request).viewer
    program = program_get_for(viewer=viewer, program_pk=program_id, manage=True)
    return [
        {
            "kind": result.kind,
            "label": result.label,
            "value": result.value,
            "target": float(result.target) if result.target is not None else None,
            "met": result.met,
            "verdict": result.verdict.value,
            "unit": result.unit,
            "method": result.method,
            "sample": result.sample,
            "sample_label": result.sample_label,
        }
        for result in program_kpis(program, viewer_id=viewer.pk)
    ]
