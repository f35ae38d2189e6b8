"""“What to change next time”: one suggestion for each KPI that missed its target.

The coordinator's own lessons (``Program.lessons``) come first in the report; these follow,
drawn from the figures, so a program that missed a target never closes without a next step.
One sentence per KPI kind of the catalogue, each naming the figure against its target.
"""

from __future__ import annotations

from remento.outcomes.charts import number
from remento.outcomes.results import KpiResult
from remento.programs.models import KpiKind

# What to try when a KPI misses its target, per kind of the catalogue (higher is better for
# every one of them).
REMEDIES: dict[str, str] = {
    KpiKind.MEETINGS_PER_PAIR: (
        "shorten the cadence or the meetings, send the whole series of calendar invitations "
        "at kick-off, and nudge pairs that have not met for a month"
    ),
    KpiKind.GOALS_ACHIEVED: (
        "ask each pair to set two or three concrete goals with milestones at kick-off, and "
        "review them at every check-in"
    ),
    KpiKind.CHECKIN_RATING: (
        "read low-rated check-ins within the week, offer a rematch sooner, and give the "
        "feedback training before the pairs start rather than after"
    ),
    KpiKind.SKILL_GAIN: (
        "agree the skills to learn at kick-off, give the pairs a practice task between "
        "meetings, and look at the before-assessments midway"
    ),
    KpiKind.MENTOR_RETENTION: (
        "give mentors visible career credit (their certificate, a note to their manager) "
        "and bring their managers in from the start"
    ),
    KpiKind.COMPLETION: (
        "check the fit at the first check-in and rematch early, and ask for a realistic "
        "time commitment at enrolment"
    ),
    KpiKind.PARTICIPATION: (
        "recruit earlier, ask managers to nominate people, and promote the program with "
        "stories from this one"
    ),
}


def suggestion_for(result: KpiResult) -> str | None:
    """One sentence for a KPI that missed its target; None when it met it, has no target or
    could not be measured."""
    if result.met is not False or result.value is None or result.target is None:
        return None
    remedy = REMEDIES.get(result.kind)
    if remedy is None:
        return None
    return (
        f"{result.label} reached {number(result.value, result.unit)} against a target of "
        f"{number(float(result.target), result.unit)}: {remedy}."
    )


def suggestions_from(results: list[KpiResult]) -> list[str]:
    """A suggestion for each KPI of ``results`` that missed its target, in their order."""
    return [text for result in results if (text := suggestion_for(result))]
