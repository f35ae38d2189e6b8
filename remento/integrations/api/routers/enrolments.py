"""Enrolments: a program's participants (its coordinators), signing oneself up, nominating."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from remento.core.errors import FieldErrors
from remento.enrollment.models import Enrollment
from remento.enrollment.selectors import PARTICIPANTS_ORDER
from remento.enrollment.services.coordinator import enrollment_nominate
from remento.enrollment.services.participant import enrollment_submit
from remento.integrations.api.auth import caller, scoped
from remento.integrations.api.pagination import PageQuery, page_of
from remento.integrations.api.schemas import EnrolIn, Enrolment, EnrolmentPage, NominateIn
from remento.people.selectors import employee_visible_to
from remento.programs.access import program_get_for

router = Router(tags=["Enrolments"])


def enrolment_item(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "id": enrollment.pk,
        "program_id": enrollment.program_id,
        "person": {"id": enrollment.employee_id, "name": enrollment.employee.display_name},
        "role": enrollment.role,
        "status": enrollment.status,
        "hours_per_month": enrollment.hours_per_month,
        "timezone": enrollment.timezone,
        "created_at": enrollment.created_at,
    }


@router.get("/programs/{program_id}/enrolments", response=EnrolmentPage, **scoped("programs:read"))
def enrolments_list(
    request: HttpRequest,
    program_id: int,
    page: Query[PageQuery],
    role: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    """Everyone with a place (or a request for one) in the program, by role and status (its
    coordinators, as the participants page)."""
    program = program_get_for(viewer=caller(request).viewer, program_pk=program_id, manage=True)
    enrolments = Enrollment.objects.filter(program=program).select_related("employee")
    if role:
        enrolments = enrolments.filter(role=role)
    if status:
        enrolments = enrolments.filter(status=status)
    return page_of(enrolments, order=PARTICIPANTS_ORDER, query=page, item=enrolment_item)


@router.post(
    "/programs/{program_id}/enrolments",
    response={201: Enrolment},
    **scoped("enrollment:write"),
)
def enrolments_create(request: HttpRequest, program_id: int, body: EnrolIn) -> Status:
    """Sign the token's maker up for the program as the sign-up page does: open sign-up
    enrols (or waitlists when full), an application program records an application."""
    who = caller(request)
    program = program_get_for(viewer=who.viewer, program_pk=program_id)
    enrollment = enrollment_submit(
        actor=who.user,
        program=program,
        employee=who.viewer,
        role=body.role,
        hours_per_month=body.hours_per_month,
        timezone=body.timezone,
        consent_sensitive=body.consent_sensitive,
        answers=body.answers,
    )
    return Status(201, enrolment_item(enrollment))


@router.post(
    "/programs/{program_id}/nominations",
    response={201: list[Enrolment]},
    **scoped("enrollment:write"),
)
def enrolments_nominate(request: HttpRequest, program_id: int, body: NominateIn) -> Status:
    """Invite people to the program (its coordinators): all or nothing, each refusal named.
    Ids of people the caller cannot see are refused as unknown."""
    who = caller(request)
    program = program_get_for(viewer=who.viewer, program_pk=program_id, manage=True)
    wanted = set(body.person_ids)
    people = list(employee_visible_to(viewer=who.viewer).filter(pk__in=wanted))
    unknown = sorted(wanted - {person.pk for person in people})
    if unknown:
        raise FieldErrors({"person_ids": f"No such person: {', '.join(map(str, unknown))}."})
    invited = enrollment_nominate(
        actor=who.user, program=program, employees=people, role=body.role, note=body.note
    )
    return Status(201, [enrolment_item(enrollment) for enrollment in invited])
