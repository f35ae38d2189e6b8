"""Answering an assessment: only its rater, only while it is open, once.

The levels are the rater's own: the audit trail records that an assessment was answered,
never the levels given, and coordinators read them only as aggregates (``gains``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.outcomes.assessments.levels import LEVELS
from remento.outcomes.assessments.models import (
    LEVEL_MAX,
    LEVEL_MIN,
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.assessments.skills import skills_of
from remento.people.access import acting_employee
from remento.people.models import Skill
from remento.relationships.models import PairStatus

REFUSAL = "Only the person an assessment asks may answer it."
NOTHING_TO_RATE = (
    "There is no skill to rate yet: the skills come from the ones the learner wants to learn."
)


def retrospective_before_of(assessment: Assessment) -> Assessment | None:
    """The open retrospective “then” that ``assessment`` (an end-of-pair self-assessment)
    is answered with, if any."""
    if assessment.phase != Phase.AFTER or assessment.rater_role != RaterRole.SELF:
        return None
    return Assessment.objects.filter(
        pair_id=assessment.pair_id,
        learner_id=assessment.learner_id,
        rater_id=assessment.rater_id,
        phase=Phase.BEFORE,
        retrospective=True,
        status=AssessmentStatus.OPEN,
    ).first()


def _checked(
    skills: list[Skill], levels: Mapping[int, int | None], *, key: str, missing: str
) -> tuple[dict[int, int], dict[str, str]]:
    """Each skill's level from ``levels`` (by skill id), and an error per skill without a
    level from 1 to 5, keyed ``<key>_<skill id>`` and naming the skill."""
    chosen, errors = {}, {}
    for skill in skills:
        value = levels.get(skill.pk)
        if value is None or value == "":
            errors[f"{key}_{skill.pk}"] = missing.format(skill=skill.name)
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not LEVEL_MIN <= number <= LEVEL_MAX:
            errors[f"{key}_{skill.pk}"] = (
                f"Choose a level from {LEVEL_MIN} ({LEVELS[0].name}) to {LEVEL_MAX} "
                f"({LEVELS[-1].name}) for {skill.name}."
            )
            continue
        chosen[skill.pk] = number
    return chosen, errors


def _save(assessment: Assessment, chosen: dict[int, int], now: datetime) -> None:
    existing = {rating.skill_id: rating for rating in assessment.ratings.all()}
    for skill_id, level in chosen.items():
        rating = existing.get(skill_id) or AssessmentRating(
            assessment=assessment, skill_id=skill_id
        )
        rating.level = level
        rating.save()
    assessment.status, assessment.answered_at = AssessmentStatus.ANSWERED, now
    assessment.save(update_fields=["status", "answered_at", "updated_at"])


def _locked_open(actor: User, assessment: Assessment) -> Assessment:
    employee = acting_employee(actor)
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("pair__program__organization", "learner")
        .get(pk=assessment.pk)
    )
    if employee.pk != locked.rater_id or locked.pair.program.organization_id != (
        employee.organization_id
    ):
        raise PermissionDenied(REFUSAL)
    if locked.status == AssessmentStatus.ANSWERED:
        raise ServiceError("You have answered this assessment; it stays as you gave it.")
    if locked.status == AssessmentStatus.CANCELLED:
        raise ServiceError("This assessment is no longer asked.")
    if locked.phase == Phase.BEFORE and (
        locked.retrospective or locked.pair.status == PairStatus.CLOSED
    ):
        raise ServiceError(
            "The pair has ended: rate where you were at the start together with where you "
            "are now, in your end-of-pair assessment."
        )
    return locked


@transaction.atomic
def assessment_answer(
    *,
    actor: User,
    assessment: Assessment,
    levels: Mapping[int, int | None],
    then_levels: Mapping[int, int | None] | None = None,
) -> Assessment:
    """Answer one's own open assessment: a level from 1 to 5 for every skill it asks about
    (``levels``, by skill id). An end-of-pair self-assessment of someone who never answered
    the first one also takes where they were at the start (``then_levels``), saved as a
    retrospective first assessment. Raises ``FieldErrors`` keyed ``level_<skill id>`` and
    ``then_<skill id>``, each naming the skill; ``PermissionDenied`` for anyone but the
    rater; ``ServiceError`` once answered (answers stay as given) or no longer asked.
    """
    locked = _locked_open(actor, assessment)
    before = retrospective_before_of(locked)
    if then_levels is not None and before is None:
        raise ServiceError("This assessment asks where you are now only, not where you were.")
    skills = skills_of([locked])[locked.pk]
    if not skills:
        raise ServiceError(NOTHING_TO_RATE)
    who = "yourself" if locked.rater_role == RaterRole.SELF else locked.learner.display_name
    chosen, errors = _checked(
        skills, levels, key="level", missing=f"Choose a level for {who} in {{skill}}."
    )
    then: dict[int, int] = {}
    if before is not None:
        then, then_errors = _checked(
            skills,
            then_levels or {},
            key="then",
            missing="Choose where you were at the start in {skill}.",
        )
        errors |= then_errors
    if errors:
        raise FieldErrors(errors)
    now = timezone.now()
    _save(locked, chosen, now)
    if before is not None:
        _save(before, then, now)
    audit_log(
        actor=actor,
        organization=locked.pair.program.organization,
        verb="assessment.answered",
        target=locked,
        data={
            "pair": locked.pair_id,
            "phase": locked.phase,
            "rater_role": locked.rater_role,
            "skills": len(chosen),
            "retrospective": before is not None,
        },
    )
    return locked
