"""The demo pairs' skill assessments, answered by their raters through the outcomes service.

The assessments open by themselves (``outcomes.assessments.opening``): a learner's first
self-assessment when the pair starts, and at its end a second one with the mentor's
assessment of them, plus a retrospective “then and now” for a learner who never answered the
first. The demo answers them as the people would:

* at the start, mentees rate themselves low to middling on the skills they came for (mostly
  2, some 1 and 3), except the learners of ``leave_open``;
* at the end (Closed program), each rates themselves again, mostly one or two points up, a
  few with no change; one who never answered the first gives where they were “then” too,
  from memory, a little lower than they would have at the time; the mentor rates the
  learner within a point of the learner's own view;
* afterwards, ``assessments_date`` moves every assessment to its pair's days: opened when
  the pair started or ended, answered within the week (the same bypass as ``past``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Collection, Sequence

from remento.demo.programs.cast import acting_user
from remento.demo.steps import DemoContext
from remento.outcomes.assessments.models import (
    LEVEL_MAX,
    LEVEL_MIN,
    Assessment,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.assessments.services import assessment_answer, retrospective_before_of
from remento.outcomes.assessments.skills import skills_of
from remento.people.models import Skill
from remento.programs.models import Program
from remento.relationships.models import Pair

START_LEVELS = (1, 2, 2, 2, 3)  # where a leader starts on a skill they want to learn
GAINS = (0, 1, 1, 1, 2, 2)  # how far they say they moved by the end
RECALLED_LOWER = (0, 1)  # a "then" given from memory reads a little lower
MENTOR_VIEW = (-1, 0, 0, 1)  # the mentor's rating against the learner's own


def _clamp(level: int) -> int:
    return min(max(level, LEVEL_MIN), LEVEL_MAX)


def _rng(context: DemoContext, assessment: Assessment, part: str) -> random.Random:
    """Seeded by the people and the phase, not by row ids (which a rebuild changes)."""
    pair = assessment.pair
    return context.rng(
        f"assessment:{pair.mentor.employee_id}:{pair.mentee.employee_id}:"
        f"{assessment.learner.employee_id}:{part}"
    )


def _waiting(pairs: Sequence[Pair], phase: str, role: str) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            pair__in=pairs, phase=phase, rater_role=role, status=AssessmentStatus.OPEN
        )
        .select_related("pair__mentor", "pair__mentee", "learner", "rater__user")
        .order_by("pair_id", "learner_id")
    )


def answer_befores(
    context: DemoContext, pairs: Sequence[Pair], *, leave_open: Collection[int] = ()
) -> None:
    """Each learner of ``pairs`` answers their first self-assessment, except in the pairs
    of ``leave_open`` (pair ids), whose learners have not yet (or never will)."""
    waiting = [
        a for a in _waiting(pairs, Phase.BEFORE, RaterRole.SELF) if a.pair_id not in leave_open
    ]
    skills = skills_of(waiting)
    for assessment in waiting:
        rng = _rng(context, assessment, "before")
        levels = {skill.pk: rng.choice(START_LEVELS) for skill in skills[assessment.pk]}
        if levels:
            assessment_answer(
                actor=acting_user(assessment.rater), assessment=assessment, levels=levels
            )


def _started_levels(pairs: Sequence[Pair]) -> dict[tuple[int, int], dict[int, int]]:
    """Each (pair, learner)'s answered first self-assessment, by skill id."""
    found: dict[tuple[int, int], dict[int, int]] = {}
    for assessment in Assessment.objects.filter(
        pair__in=pairs,
        phase=Phase.BEFORE,
        rater_role=RaterRole.SELF,
        status=AssessmentStatus.ANSWERED,
    ).prefetch_related("ratings"):
        found[assessment.pair_id, assessment.learner_id] = {
            rating.skill_id: rating.level
            for rating in assessment.ratings.all()
            if rating.level is not None
        }
    return found


def answer_afters(context: DemoContext, pairs: Sequence[Pair]) -> None:
    """The learners of ``pairs`` (which have ended) rate themselves again, those who missed
    the first giving “then” too, and their mentors rate them (see the module's docstring)."""
    started = _started_levels(pairs)
    now_levels: dict[tuple[int, int], dict[int, int]] = {}
    selves = _waiting(pairs, Phase.AFTER, RaterRole.SELF)
    skills = skills_of(selves)
    for assessment in selves:
        key = (assessment.pair_id, assessment.learner_id)
        rng = _rng(context, assessment, "after")
        asked: Sequence[Skill] = skills[assessment.pk]
        retrospective = retrospective_before_of(assessment) is not None
        start = started.get(key, {})
        then = {s.pk: start.get(s.pk) or rng.choice(START_LEVELS) for s in asked}
        levels = {pk: _clamp(level + rng.choice(GAINS)) for pk, level in then.items()}
        if not levels:
            continue
        recalled = {pk: _clamp(level - rng.choice(RECALLED_LOWER)) for pk, level in then.items()}
        assessment_answer(
            actor=acting_user(assessment.rater),
            assessment=assessment,
            levels=levels,
            then_levels=recalled if retrospective else None,
        )
        now_levels[key] = levels
    mentors = _waiting(pairs, Phase.AFTER, RaterRole.MENTOR)
    skills = skills_of(mentors)
    for assessment in mentors:
        own = now_levels.get((assessment.pair_id, assessment.learner_id), {})
        rng = _rng(context, assessment, "mentor")
        levels = {
            skill.pk: _clamp(own.get(skill.pk, 3) + rng.choice(MENTOR_VIEW))
            for skill in skills[assessment.pk]
        }
        if levels:
            assessment_answer(
                actor=acting_user(assessment.rater), assessment=assessment, levels=levels
            )


def assessments_date(context: DemoContext, program: Program) -> None:
    """Move the program's assessments to their pair's days (after ``_backdate`` has moved
    the pairs): a first assessment opened when the pair started, an end-of-pair one (and a
    retrospective "then") when it ended; answered one to six days after opening, and never
    after the demo's ``today``."""
    moved: list[Assessment] = []
    for assessment in Assessment.objects.filter(pair__program=program).select_related(
        "pair__mentor", "pair__mentee", "learner"
    ):
        pair = assessment.pair
        first = assessment.phase == Phase.BEFORE and not assessment.retrospective
        opened = pair.started_at if first else pair.ended_at
        if opened is None:
            continue
        assessment.opened_at = assessment.created_at = opened
        assessment.updated_at = opened
        if assessment.answered_at is not None:
            # A retrospective "then" is answered with the end-of-pair self-assessment: the
            # same seed gives it the same day.
            part = (
                "after:self"
                if not first and assessment.phase == Phase.BEFORE
                else (f"{assessment.phase}:{assessment.rater_role}")
            )
            after = dt.timedelta(days=_rng(context, assessment, part).randint(1, 6))
            latest = dt.datetime.combine(context.today, dt.time(9), tzinfo=dt.UTC)
            assessment.answered_at = assessment.updated_at = min(opened + after, latest)
        moved.append(assessment)
    Assessment.objects.bulk_update(
        moved, ["opened_at", "created_at", "updated_at", "answered_at"], batch_size=500
    )
