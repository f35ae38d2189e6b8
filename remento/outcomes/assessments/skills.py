"""Which skills an assessment asks about.

A learner is assessed on the skills they want to learn (``people.SkillWant``) and on the
skills of the pair's goals that are theirs (``relationships.Goal.skill``); an assessment at
the end also asks about every skill of their first one, so the two compare skill by skill even
if the learner changed their list meanwhile. An open assessment reads the list as it is now
(someone who adds a skill before answering is asked about it); an answered one keeps the
skills it was answered on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.people.models import Skill, SkillWant
from remento.relationships.goals.models import Goal

# (pair id, learner id): whose skills, in which pair.
LearnerKey = tuple[int, int]


def _by_name(skills: Iterable[Skill]) -> list[Skill]:
    return sorted(skills, key=lambda skill: (skill.name.casefold(), skill.pk))


def learner_skills(keys: Iterable[LearnerKey]) -> dict[LearnerKey, list[Skill]]:
    """The skills each (pair, learner) is assessed on, by name; an empty list for a learner
    with none. Three queries, whatever the number of keys."""
    keys = set(keys)
    pair_ids = {pair_id for pair_id, _ in keys}
    learner_ids = {learner_id for _, learner_id in keys}
    found: dict[LearnerKey, dict[int, Skill]] = {key: {} for key in keys}
    wants: dict[int, list[Skill]] = defaultdict(list)
    for want in SkillWant.objects.filter(employee_id__in=learner_ids).select_related("skill"):
        wants[want.employee_id].append(want.skill)
    for pair_id, learner_id in keys:
        found[pair_id, learner_id].update((skill.pk, skill) for skill in wants[learner_id])
    goals = Goal.objects.filter(
        pair_id__in=pair_ids, owner_id__in=learner_ids, skill__isnull=False
    ).select_related("skill")
    for goal in goals:
        if (goal.pair_id, goal.owner_id) in found and goal.skill is not None:
            found[goal.pair_id, goal.owner_id][goal.skill.pk] = goal.skill
    first = AssessmentRating.objects.filter(
        assessment__pair_id__in=pair_ids,
        assessment__learner_id__in=learner_ids,
        assessment__phase=Phase.BEFORE,
        assessment__rater_role=RaterRole.SELF,
    ).select_related("skill", "assessment")
    for rating in first:
        key = (rating.assessment.pair_id, rating.assessment.learner_id)
        if key in found:
            found[key][rating.skill_id] = rating.skill
    return {key: _by_name(skills.values()) for key, skills in found.items()}


def skills_of(assessments: Sequence[Assessment]) -> dict[int, list[Skill]]:
    """The skills each assessment asks about (by its id), by name: an answered one's own
    rated skills, an open one's rows plus the learner's list as it is now. Four queries."""
    if not assessments:
        return {}
    rows: dict[int, list[Skill]] = defaultdict(list)
    for rating in AssessmentRating.objects.filter(assessment__in=assessments).select_related(
        "skill"
    ):
        rows[rating.assessment_id].append(rating.skill)
    open_keys = {
        (a.pair_id, a.learner_id) for a in assessments if a.status == AssessmentStatus.OPEN
    }
    current = learner_skills(open_keys) if open_keys else {}
    result: dict[int, list[Skill]] = {}
    for assessment in assessments:
        skills = {skill.pk: skill for skill in rows[assessment.pk]}
        if assessment.status == AssessmentStatus.OPEN:
            skills.update(
                (skill.pk, skill) for skill in current[assessment.pair_id, assessment.learner_id]
            )
        result[assessment.pk] = _by_name(skills.values())
    return result
