"""A program's skill gain: how much its learners say they moved on the 1–5 scale.

The gain of one skill of one learner is their own rating at the end minus their own rating
at the start; a person's gain is the mean over their skills, and the program's the mean over
people, with a 95% t confidence interval (``scipy.stats``). Only people who gave both a
start and an end rating count; ``retrospective`` says how many of them gave their start
rating late, at the end (“then and now”), which tends to read larger gains than a rating
given at the time. The mentor's ratings at the end are summarised on their own
(``mentor_ratings``): a level, not a gain, from another point of view.

Nothing here names anyone: per-person figures carry an anonymous key ("Learner 1"), since a
coordinator may read aggregates only.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from remento.outcomes.assessments.levels import SCALE_SUMMARY
from remento.outcomes.assessments.models import (
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.results import Interval, SkillGain, SkillGainSummary
from remento.programs.models import Program

# Fewer people than this give no mean: one person's figure would be their own rating.
MIN_PEOPLE = 2
NOT_ENOUGH = "Not enough data yet: fewer than 2 people have answered both assessments."

METHOD = (
    "Each learner's self-rating at the end minus their self-rating at the start, per skill on "
    "the 1–5 scale ({scale}), averaged over their skills and then over the people who "
    "answered both, with a 95% t confidence interval."
)
MENTOR_METHOD = (
    "The mentors' ratings of their learners at the end, on the 1–5 scale, averaged per "
    "learner and then over learners, with a 95% t confidence interval."
)


def mean_interval(values: Sequence[float], level: float = 0.95) -> Interval | None:
    """The t confidence interval of the mean of ``values``; None for fewer than 2."""
    if len(values) < MIN_PEOPLE:
        return None
    from scipy import stats  # Imported here: SciPy is slow to load and only figures need it.

    mean = statistics.fmean(values)
    half = float(stats.t.ppf((1 + level) / 2, len(values) - 1)) * statistics.stdev(values)
    half /= math.sqrt(len(values))
    return Interval(low=mean - half, high=mean + half, level=level)


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if len(values) >= MIN_PEOPLE else None


@dataclass
class _Learner:
    before: dict[str, tuple[tuple[datetime, int], int, bool]]  # skill -> (when, level, retro)
    after: dict[str, tuple[tuple[datetime, int], int]]

    def gains(self) -> dict[str, float]:
        return {
            skill: float(self.after[skill][1] - level)
            for skill, (_when, level, _retro) in self.before.items()
            if skill in self.after
        }

    def retrospective(self) -> bool:
        gained = self.gains()
        return any(retro for skill, (_w, _l, retro) in self.before.items() if skill in gained)


def _learners(program: Program) -> dict[int, _Learner]:
    """Each learner's first start rating and last end rating of each skill. One query."""
    rows = AssessmentRating.objects.filter(
        assessment__pair__program=program,
        assessment__rater_role=RaterRole.SELF,
        assessment__status=AssessmentStatus.ANSWERED,
        level__isnull=False,
    ).values_list(
        "assessment__learner_id",
        "assessment__phase",
        "assessment__retrospective",
        "assessment__opened_at",
        "assessment_id",
        "skill__name",
        "level",
    )
    learners: dict[int, _Learner] = defaultdict(lambda: _Learner({}, {}))
    for learner_id, phase, retro, opened_at, assessment_id, skill, level in rows:
        person, when = learners[learner_id], (opened_at, assessment_id)
        if phase == Phase.BEFORE:
            if skill not in person.before or when < person.before[skill][0]:
                person.before[skill] = (when, int(level or 0), retro)
        elif skill not in person.after or when > person.after[skill][0]:
            person.after[skill] = (when, int(level or 0))
    return learners


def skill_gain_summary(program: Program) -> SkillGainSummary:
    """``program``'s skill gain: the mean per person, per skill and over people, each with the
    number of people behind it and how many gave a retrospective start rating. One query.
    The caller fetched the program for a viewer who may see it."""
    people = [
        (gains, person.retrospective())
        for _pk, person in sorted(_learners(program).items())
        if (gains := person.gains())
    ]
    per_person = [statistics.fmean(gains.values()) for gains, _retro in people]
    by_skill: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for gains, _retro in people:
        for skill, gain in gains.items():
            by_skill[skill].append((gain, _retro))
    per_skill = tuple(
        SkillGain(
            key=skill,
            mean=_mean([gain for gain, _ in values]),
            interval=mean_interval([gain for gain, _ in values]),
            people=len(values),
            retrospective=sum(1 for _, retro in values if retro),
        )
        for skill, values in sorted(by_skill.items(), key=lambda item: item[0].casefold())
    )
    return SkillGainSummary(
        mean=_mean(per_person),
        interval=mean_interval(per_person),
        people=len(people),
        retrospective=sum(1 for _, retro in people if retro),
        per_skill=per_skill,
        per_person=tuple(
            SkillGain(
                key=f"Learner {number}",
                mean=mean,
                interval=None,
                people=1,
                retrospective=int(retro),
            )
            for number, (mean, (_gains, retro)) in enumerate(
                zip(per_person, people, strict=True), 1
            )
        ),
        method=METHOD.format(scale=SCALE_SUMMARY),
        note="" if len(people) >= MIN_PEOPLE else NOT_ENOUGH,
    )


@dataclass(frozen=True)
class SkillLevel:
    """The mean level (1–5) the mentors gave on one skill, and how many learners behind it."""

    key: str
    mean: float | None
    interval: Interval | None
    people: int


@dataclass(frozen=True)
class MentorRatings:
    """The mentors' ratings of their learners at the end, per skill and over learners."""

    mean: float | None
    interval: Interval | None
    people: int
    per_skill: tuple[SkillLevel, ...]
    method: str
    note: str = ""


def mentor_ratings(program: Program) -> MentorRatings:
    """The mean level the mentors gave their learners at the end, per skill and over
    learners (each learner's mean first). One query. The caller fetched the program for a
    viewer who may see it."""
    rows = AssessmentRating.objects.filter(
        assessment__pair__program=program,
        assessment__rater_role=RaterRole.MENTOR,
        assessment__phase=Phase.AFTER,
        assessment__status=AssessmentStatus.ANSWERED,
        level__isnull=False,
    ).values_list("assessment__learner_id", "skill__name", "level")
    by_learner: dict[int, dict[str, int]] = defaultdict(dict)
    for learner_id, skill, level in rows:
        by_learner[learner_id][skill] = int(level or 0)
    per_learner = [statistics.fmean(levels.values()) for levels in by_learner.values()]
    by_skill: dict[str, list[float]] = defaultdict(list)
    for levels in by_learner.values():
        for skill, level in levels.items():
            by_skill[skill].append(float(level))
    return MentorRatings(
        mean=_mean(per_learner),
        interval=mean_interval(per_learner),
        people=len(per_learner),
        per_skill=tuple(
            SkillLevel(key=skill, mean=_mean(levels), interval=mean_interval(levels), people=n)
            for skill, levels in sorted(by_skill.items(), key=lambda item: item[0].casefold())
            if (n := len(levels))
        ),
        method=MENTOR_METHOD,
        note=""
        if len(per_learner) >= MIN_PEOPLE
        else "Not enough data yet: fewer than 2 learners have been rated by their mentor.",
    )
