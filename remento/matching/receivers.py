"""What matching tells the apps below it (connected in ``MatchingConfig.ready``): a program
that closes, and a person who leaves a program, take their waiting mentor requests along;
a change to a program's rules, enrolments or pairs has its stored preview recomputed by the
task worker (``services.previews.preview_schedule``: after the commit, only for a preview
someone opened, never more than one at a time), and so does a change to the organisation's
people, whom a preview reads before anyone enrols (``previews_schedule_for_people``: once
per transaction and program, an HRIS import of thousands of rows included)."""

from __future__ import annotations

from typing import Any

from remento.core.models import Organization, User
from remento.core.words import count_of
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.expiry import (
    mentor_requests_close_for_leaver,
    mentor_requests_close_for_program,
)
from remento.matching.services.previews import preview_schedule, previews_schedule_for_people
from remento.people.models import Employee
from remento.programs.hooks import ClosingLine
from remento.programs.models import Program


def close_requests_of_program(
    sender: Any, *, actor: User | None, program: Program, **kwargs: Any
) -> dict[str, int]:
    """A closing program's waiting requests expire; nobody is asked next."""
    return {"requests_expired": mentor_requests_close_for_program(actor=actor, program=program)}


def close_requests_of_leaver(
    sender: Any, *, actor: User | None, program: Program, employee: Employee, **kwargs: Any
) -> None:
    """The requests of someone who withdrew close; mentees who asked them move on."""
    mentor_requests_close_for_leaver(actor=actor, program=program, employee=employee)


def recompute_preview_of_program(sender: Any, *, instance: Program, **kwargs: Any) -> None:
    """The program's rules, weights, levels or step changed: its stored preview is redone."""
    preview_schedule(instance.pk)


def recompute_preview_of_departments(
    sender: Any, *, instance: Any, action: str, **kwargs: Any
) -> None:
    """The program's departments changed (they bound the eligible population)."""
    if action.startswith("post_") and isinstance(instance, Program):
        preview_schedule(instance.pk)


def recompute_preview_of_pool(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """An enrolment or a pair of the program changed: the pool the preview reads changed."""
    preview_schedule(instance.program_id)


def recompute_previews_of_person(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """A person (or the organisation's skills or interests taxonomy) was saved or deleted:
    the eligible population, or an enrolled profile, may have changed."""
    previews_schedule_for_people(organization_id=instance.organization_id)


def recompute_previews_of_profile(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """A skill someone teaches or wants, or a consented attribute, changed: the person is
    found by id at the commit (no query per row now)."""
    previews_schedule_for_people(employee_id=instance.employee_id)


def recompute_previews_of_interests(
    sender: Any, *, instance: Any, action: str, **kwargs: Any
) -> None:
    """Someone's interests changed (from either side of the relation)."""
    if action.startswith("post_"):
        previews_schedule_for_people(organization_id=instance.organization_id)


def recompute_previews_of_organization(
    sender: Any, *, organization: Organization, **kwargs: Any
) -> None:
    """People left, or an HRIS import wrote people, in bulk (``people.lifecycle``'s
    ``people_leaving``, ``people.importing.hooks``' ``people_imported``): one request."""
    previews_schedule_for_people(organization_id=organization.pk)


def closing_preview(program: Program) -> list[ClosingLine]:
    """The mentor requests still waiting, which closing lets expire. One query."""
    waiting = MentorRequest.objects.filter(program=program, status=RequestStatus.PENDING).count()
    if not waiting:
        return []
    return [
        ClosingLine(
            "Mentor requests waiting for an answer expire: "
            f"{count_of(waiting, 'request')}; nobody is asked next."
        )
    ]
