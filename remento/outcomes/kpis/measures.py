"""Each KPI of the catalogue, measured: from a program's facts as of a moment (the five the
pairs' own records hold), or from the assessments and the HRIS history (skill gain and
mentor retention, measured by ``outcomes.assessments.gains`` and ``outcomes.comparison``).

Every function returns a ``KpiResult`` without its target (the caller adds the program's),
with its method in one sentence, the sample behind it, and a plain note where there is not
enough data. ``cutoff`` is the first instant *not* counted: facts dated before it count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime

from remento.core.words import count_of
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.outcomes.kpis.facts import ProgramFacts
from remento.outcomes.kpis.stats import mean, mean_interval, share_interval
from remento.outcomes.results import Comparison, KpiResult, SkillGainSummary
from remento.programs.models import KpiKind

NO_PAIR_STARTED = "Not enough data yet: no pair has started."


def _result(kind: KpiKind, **fields: object) -> KpiResult:
    return KpiResult(kind=kind.value, label=kind.label, target=None, **fields)  # type: ignore[arg-type]


def meetings_per_pair(facts: ProgramFacts, cutoff: datetime) -> KpiResult:
    """Held meetings per started pair, with the t interval of the per-pair counts."""
    started = [p.id for p in facts.pairs if p.started_by(cutoff)]
    held = Counter(pair_id for pair_id, starts_at in facts.held_meetings if starts_at < cutoff)
    per_pair = [float(held[pair_id]) for pair_id in started]
    return _result(
        KpiKind.MEETINGS_PER_PAIR,
        value=mean(per_pair),
        unit="meetings",
        method=(
            "Meetings logged as held, divided by the number of pairs that have started, "
            "open and closed alike."
        ),
        sample=len(started),
        sample_label="pairs",
        interval=mean_interval(per_pair),
        note="" if started else NO_PAIR_STARTED,
    )


def goals_achieved(facts: ProgramFacts, cutoff: datetime) -> KpiResult:
    """Share of the started pairs' goals that are fully achieved, with a Wilson interval."""
    started = {p.id for p in facts.pairs if p.started_by(cutoff)}
    goals = [g for g in facts.goals if g.pair_id in started and g.created_at < cutoff]
    achieved = sum(1 for goal in goals if goal.achieved_by(cutoff))
    if not goals:
        note = NO_PAIR_STARTED if not started else "Not enough data yet: no goal has been set."
    else:
        note = ""
    return _result(
        KpiKind.GOALS_ACHIEVED,
        value=100 * achieved / len(goals) if goals else None,
        unit="%",
        method=(
            "Goals of the pairs that started that are fully achieved (every milestone done, "
            "or marked 100 % where a goal has no milestones), as a share of all their goals."
        ),
        sample=len(goals),
        sample_label="goals",
        interval=share_interval(achieved, len(goals)),
        note=note,
    )


def checkin_rating(facts: ProgramFacts, cutoff: datetime) -> KpiResult:
    """Mean rating of the answered check-ins, with the t interval of the ratings."""
    ratings = [float(r.rating) for r in facts.ratings if r.answered_at < cutoff]
    people = len({r.employee_id for r in facts.ratings if r.answered_at < cutoff})
    return _result(
        KpiKind.CHECKIN_RATING,
        value=mean(ratings),
        unit="/5",
        method=(
            "The mean of every rating (1 = not working, 5 = excellent) given in an answered "
            f"check-in, by mentors and mentees alike ({count_of(people, 'person', 'people')})."
        ),
        sample=len(ratings),
        sample_label="ratings",
        interval=mean_interval(ratings),
        note="" if ratings else "Not enough data yet: no check-in has been answered.",
    )


def completion(facts: ProgramFacts, cutoff: datetime) -> KpiResult:
    """Share of the started pairs that closed that ran their course (``Pair.completed``)."""
    started = [p for p in facts.pairs if p.started_by(cutoff)]
    closed = [p for p in started if p.closed_by(cutoff)]
    completed = sum(1 for pair in closed if pair.completed)
    still_open = len(started) - len(closed)
    if not started:
        note = NO_PAIR_STARTED
    elif not closed:
        note = f"Not enough data yet: none of the {count_of(len(started), 'pair')} has closed."
    elif still_open:
        note = f"{count_of(still_open, 'pair')} still open, counted when they close."
    else:
        note = ""
    return _result(
        KpiKind.COMPLETION,
        value=100 * completed / len(closed) if closed else None,
        unit="%",
        method=(
            "Pairs that ran their course (until the program closed or its end date) as a "
            "share of the started pairs that have closed; pairs still open are not counted "
            "until they close."
        ),
        sample=len(closed),
        sample_label="pairs",
        interval=share_interval(completed, len(closed)),
        note=note,
    )


def participation(facts: ProgramFacts, cutoff: datetime) -> KpiResult:
    """People enrolled (mentors and mentees), counting those matched who later withdrew."""
    roles: dict[int, str] = {}
    for pair in facts.pairs:
        if pair.created_at < cutoff:
            roles.setdefault(pair.mentor_id, EnrollmentRole.MENTOR)
            roles.setdefault(pair.mentee_id, EnrollmentRole.MENTEE)
    for enrollment in facts.enrollments:
        if enrollment.status == EnrollmentStatus.ENROLLED and enrollment.created_at < cutoff:
            roles[enrollment.employee_id] = enrollment.role
    mentors = sum(1 for role in roles.values() if role == EnrollmentRole.MENTOR)
    mentees = len(roles) - mentors
    return _result(
        KpiKind.PARTICIPATION,
        value=float(len(roles)),
        unit="people",
        method=(
            "People enrolled as mentor or mentee, counting those who were matched and later "
            f"withdrew ({count_of(mentors, 'mentor')}, {count_of(mentees, 'mentee')})."
        ),
        sample=len(roles),
        sample_label="people",
        note="" if roles else "Nobody has enrolled yet.",
    )


# The kinds measured from the facts alone, so measurable as of any past day.
FACT_MEASURES: dict[str, Callable[[ProgramFacts, datetime], KpiResult]] = {
    KpiKind.MEETINGS_PER_PAIR: meetings_per_pair,
    KpiKind.GOALS_ACHIEVED: goals_achieved,
    KpiKind.CHECKIN_RATING: checkin_rating,
    KpiKind.COMPLETION: completion,
    KpiKind.PARTICIPATION: participation,
}


def skill_gain(summary: SkillGainSummary) -> KpiResult:
    """The mentees' self-assessed gain, from the program's
    ``assessments.gains.skill_gain_summary``."""
    note = summary.note
    if summary.retrospective:
        late = f"{summary.retrospective} of them gave their “before” late, at the end."
        note = f"{note} {late}".strip()
    return _result(
        KpiKind.SKILL_GAIN,
        value=summary.mean,
        unit="points",
        method=summary.method,
        sample=summary.people,
        sample_label="people",
        interval=summary.interval,
        note=note,
    )


def mentor_retention(comparison: Comparison) -> KpiResult:
    """The mentors' retention against matched non-participants, in percentage points, from
    the program's ``outcomes.comparison.retention_comparison``."""
    method = comparison.method
    if comparison.comparison:
        group = count_of(comparison.comparison, "comparable non-participant")
        method = f"{method} Compared with {group}.".strip()
    return _result(
        KpiKind.MENTOR_RETENTION,
        value=comparison.difference,
        unit="pp",
        method=method,
        sample=comparison.participants,
        sample_label="mentors",
        interval=comparison.interval,
        note=comparison.note,
    )
