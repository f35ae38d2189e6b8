"""Enrolments when a person leaves, is erased or has their data exported (receivers of the
people app's ``remento.people.lifecycle`` signals, connected in ``apps.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from remento.core.models import Organization, User
from remento.core.words import count_of
from remento.enrollment.models import Answer, Enrollment, EnrollmentStatus
from remento.people.importing.batches import chunks
from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.programs.models import Status

OPEN_STATUSES = (
    EnrollmentStatus.INVITED,
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.WAITLISTED,
)


def _open_enrollments_of(organization: Organization, people: Sequence[int]) -> QuerySet[Enrollment]:
    """The open enrolments of ``people`` in ``organization``'s programs not yet closed: what
    their leaving ends."""
    return Enrollment.objects.filter(
        employee_id__in=people, program__organization=organization, status__in=OPEN_STATUSES
    ).exclude(program__status=Status.CLOSED)


def end_enrollments_of_leavers(
    sender: Any,
    *,
    organization: Organization,
    employee_pks: list[int],
    actor: User | None,
    **kwargs: Any,
) -> None:
    """Every open enrolment of people who leave ends as withdrawn (one update per 2000).

    Enrolments in closed programs stay as they were: they record who took part, which the
    program's results count (a person who leaves a year later still took part)."""
    now = timezone.now()
    for chunk in chunks(sorted(set(employee_pks))):
        _open_enrollments_of(organization, chunk).update(
            status=EnrollmentStatus.WITHDRAWN, waitlisted_at=None, updated_at=now
        )


def enrollments_of_leavers_preview(
    sender: Any, *, organization: Organization, employee_pks: list[int], **kwargs: Any
) -> list[str]:
    """What :func:`end_enrollments_of_leavers` would end, for an import's preview. A query
    per 2000 people."""
    count = 0
    for chunk in chunks(sorted(set(employee_pks))):
        count += _open_enrollments_of(organization, chunk).count()
    if not count:
        return []
    verb = "ends" if count == 1 else "end"
    return [f"{count_of(count, 'enrolment')} in programs not yet closed {verb} as withdrawn."]


def erase_answers(sender: Any, *, employee: Employee, **kwargs: Any) -> None:
    """The person's answers and notes about their enrolments go; the enrolments stay as
    counts of who took part."""
    Answer.objects.filter(enrollment__employee=employee).delete()
    Enrollment.objects.filter(employee=employee).update(note="", consent_sensitive=False)


def export_enrollments(sender: Any, *, employee: Employee, **kwargs: Any) -> list[ExportSection]:
    """The person's enrolments and their answers. Two queries."""
    enrollments = Enrollment.objects.filter(employee=employee).select_related("program")
    answers = Answer.objects.filter(enrollment__employee=employee).select_related(
        "enrollment__program", "question"
    )
    return [
        ExportSection(
            "enrollments",
            "Enrolments",
            [
                {
                    "program": enrollment.program.name,
                    "role": enrollment.get_role_display(),
                    "status": enrollment.get_status_display(),
                    "hours_per_month": enrollment.hours_per_month,
                    "time_zone": enrollment.timezone,
                    "consent_to_use_sensitive_attributes": enrollment.consent_sensitive,
                    "partners_at_once": enrollment.capacity,
                    "note": enrollment.note,
                    "since": enrollment.created_at.isoformat(),
                }
                for enrollment in enrollments
            ],
            order=20,
        ),
        ExportSection(
            "answers",
            "Answers to sign-up questions",
            [
                {
                    "program": answer.enrollment.program.name,
                    "question": answer.question.text,
                    "answer": answer.shown,
                }
                for answer in answers
            ],
            order=21,
        ),
    ]
