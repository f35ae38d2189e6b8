"""A person's skill assessments in their personal data export, and their erasure
(receivers of ``people.lifecycle``, connected in ``outcomes.wiring``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from remento.outcomes.assessments.levels import level_label
from remento.outcomes.assessments.models import Assessment
from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.relationships.personal_data import keep_confidential

RATER_ONLY = "Only the person who gave this assessment reads its levels."


def _row(assessment: Assessment, *, employee: Employee, own: bool) -> dict[str, Any]:
    """One assessment as ``employee``'s export holds it. Only the rater ever reads its levels
    (``views``): those a partner gave the person are in no copy of theirs (``RATER_ONLY``);
    those the person gave are in their ``own`` copy only (``keep_confidential``)."""
    row = {
        "program": assessment.pair.program.name,
        "kind": assessment.get_rater_role_display(),
        "phase": assessment.get_phase_display(),
        "learner": assessment.learner.display_name,
        "rated_by": assessment.rater.display_name,
        "retrospective": assessment.retrospective,
        "status": assessment.get_status_display(),
        "opened_at": assessment.opened_at.isoformat(),
        "answered_at": assessment.answered_at.isoformat() if assessment.answered_at else None,
    }
    if assessment.rater_id != employee.pk:
        return {**row, "ratings": RATER_ONLY}
    levels = {
        rating.skill.name: level_label(rating.level)
        for rating in assessment.ratings.all()
        if rating.level is not None
    }
    return keep_confidential(
        "skill_assessments",
        {**row, "ratings": levels},
        pair=assessment.pair,
        employee=employee,
        own=own,
    )


def export_assessments(
    sender: Any, *, employee: Employee, own: bool = False, **kwargs: Any
) -> list[ExportSection]:
    """The assessments the person gave (of themselves or of their partner) and those their
    partner gave of them, each rating with its level in words where the copy may hold it
    (``_row``: only the rater reads levels, and staff never do). Two queries."""
    assessments = (
        Assessment.objects.filter(Q(rater=employee) | Q(learner=employee))
        .select_related("pair__program", "learner", "rater")
        .prefetch_related("ratings__skill")
        .order_by("opened_at", "id")
    )
    rows = [_row(assessment, employee=employee, own=own) for assessment in assessments]
    return [ExportSection("skill_assessments", "Skill assessments", rows, order=36)]


def erase_assessments(sender: Any, *, employee: Employee, **kwargs: Any) -> None:
    """An erased person's assessments go: those they gave and those about them. The
    program's figures then count them no more (a rating cannot be anonymous when the
    program's learners are few)."""
    Assessment.objects.filter(Q(rater=employee) | Q(learner=employee)).delete()
