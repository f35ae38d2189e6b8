"""A program whose learners want skills, pairs started and closed through the services
(so the assessments open as they do in the app), and rows made by hand for the figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.people.models import Employee, Skill, SkillWant
from remento.programs.models import Program, ProgramType
from remento.relationships.models import Pair, PairAgreement
from remento.relationships.services import agreement_sign, pair_start
from tests.factories import SkillFactory, make_pair, make_program


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Run background tasks (the emails) at once, into Django's test outbox."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization)


@pytest.fixture
def mutual_program(organization: Organization) -> Program:
    return make_program(organization, name="Learning together", program_type=ProgramType.MUTUAL)


@pytest.fixture
def skills(organization: Organization) -> dict[str, Skill]:
    return {
        name: SkillFactory(organization=organization, name=name)
        for name in ("Data analysis", "Social media", "Prompting AI")
    }


def wants(person: Employee, *skills: Skill) -> None:
    for skill in skills:
        SkillWant.objects.create(employee=person, skill=skill, priority=3)


def started(program: Program, mentor: Employee, mentee: Employee) -> Pair:
    """A pair of the two, signed and started through ``pair_start``."""
    pair = make_pair(program, mentor, mentee)
    PairAgreement.objects.update_or_create(
        pair=pair, defaults={"goals": "Learn.", "cadence_days": 14, "confidentiality": True}
    )
    agreement_sign(actor=mentor.user, pair=pair)
    agreement_sign(actor=mentee.user, pair=pair)
    return pair_start(actor=mentor.user, pair=pair)


def assessment(pair: Pair, learner: Employee, phase: str, **fields: Any) -> Assessment:
    return Assessment.objects.get(pair=pair, learner=learner, phase=phase, **fields)


def rated(
    pair: Pair,
    learner: Employee,
    phase: str,
    levels: dict[Skill, int | None],
    *,
    rater: Employee | None = None,
    retrospective: bool = False,
    status: str = AssessmentStatus.ANSWERED,
    days_ago: int = 0,
) -> Assessment:
    """An assessment made by hand, answered with ``levels`` (the figures' tests)."""
    rater = rater or learner
    when = timezone.now() - timedelta(days=days_ago)
    made = Assessment.objects.create(
        pair=pair,
        learner=learner,
        rater=rater,
        rater_role=RaterRole.SELF if rater == learner else RaterRole.MENTOR,
        phase=phase,
        retrospective=retrospective,
        status=status,
        opened_at=when,
        answered_at=when if status == AssessmentStatus.ANSWERED else None,
    )
    for skill, level in levels.items():
        AssessmentRating.objects.create(assessment=made, skill=skill, level=level)
    return made


BEFORE, AFTER = Phase.BEFORE, Phase.AFTER
