"""Builders for launch tests: a program, enrolments, a pair (made directly: the matching
pages create pairs in the app), training modules, a filled-in agreement."""

from __future__ import annotations

from typing import Any

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairAgreement, PairSource
from remento.training.models import ModuleTiming, TrainingCompletion, TrainingModule

AGREEMENT_TEXT = "We meet regularly, keep confidences and tell each other the truth."


def make_program(organization: Organization, **fields: Any) -> Program:
    values: dict[str, Any] = {
        "name": "Digital Leaders 2026",
        "goal": "Senior leaders learn the digital tools their teams use.",
        "status": Status.ACTIVE,
        "agreement_text": AGREEMENT_TEXT,
    }
    values.update(fields)
    return Program.objects.create(organization=organization, **values)


def enroll(program: Program, employee: Employee, role: str) -> Enrollment:
    return Enrollment.objects.create(
        program=program,
        employee=employee,
        role=role,
        status=EnrollmentStatus.ENROLLED,
        timezone="Europe/Paris",
        hours_per_month=4,
    )


def make_pair(program: Program, mentor: Employee, mentee: Employee) -> Pair:
    """A launching pair of two enrolled people."""
    enroll(program, mentor, EnrollmentRole.MENTOR)
    enroll(program, mentee, EnrollmentRole.MENTEE)
    return Pair.objects.create(
        program=program, mentor=mentor, mentee=mentee, source=PairSource.BULK
    )


def make_module(
    program: Program,
    title: str = "Giving and receiving feedback",
    *,
    required: bool = True,
    timing: str = ModuleTiming.BEFORE_LAUNCH,
    position: int = 1,
) -> TrainingModule:
    return TrainingModule.objects.create(
        program=program,
        title=title,
        content=f"How to do {title.lower()} well.\n\nA second paragraph.",
        required=required,
        timing=timing,
        estimated_minutes=15,
        position=position,
    )


def complete(module: TrainingModule, *people: Employee) -> None:
    for person in people:
        TrainingCompletion.objects.create(module=module, employee=person)


def fill_terms(pair: Pair, *, goals: str = "Martin posts weekly on the company network.") -> None:
    PairAgreement.objects.update_or_create(
        pair=pair, defaults={"goals": goals, "cadence_days": 14, "confidentiality": True}
    )
