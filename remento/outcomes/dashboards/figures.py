"""The dashboards' charts, each from one measured figure of ``outcomes`` and its sample.

Every function takes the shape a producer returns (``outcomes.results``, the funnel, the
breakdowns, the health history) and gives a :class:`~remento.outcomes.charts.Chart` whose
table holds the same figures with the number of people or pairs behind them. No database
here: the dashboards' selectors read, these only draw.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format

from remento.outcomes import charts
from remento.outcomes.charts import Chart, Series, number
from remento.outcomes.dashboards.health_history import HealthWeek
from remento.outcomes.dashboards.selectors import MeetingsPerPair, RatingsDistribution
from remento.outcomes.kpis.breakdowns import Breakdown, GroupFigure, kpi_label
from remento.outcomes.kpis.series import SeriesPoint
from remento.outcomes.results import Comparison, Interval, KpiResult, SkillGainSummary
from remento.outcomes.selectors import Funnel
from remento.programs.models import KpiKind
from remento.relationships.checkins.models import RATING_LABELS
from remento.relationships.health.rules import HealthState

# Short names for the charts' labels (the tables and cards give the catalogue's full label).
SHORT_LABELS: dict[str, str] = {
    KpiKind.MEETINGS_PER_PAIR: "Meetings/pair",
    KpiKind.GOALS_ACHIEVED: "Goals achieved",
    KpiKind.CHECKIN_RATING: "Check-in rating",
    KpiKind.SKILL_GAIN: "Skill gain",
    KpiKind.MENTOR_RETENTION: "Mentor retention",
    KpiKind.COMPLETION: "Completion",
    KpiKind.PARTICIPATION: "Participants",
}
# The unit of each KPI kind, for figures that come without one (the breakdowns').
KIND_UNITS: dict[str, str] = {
    KpiKind.MEETINGS_PER_PAIR: "",
    KpiKind.GOALS_ACHIEVED: "%",
    KpiKind.CHECKIN_RATING: "/5",
    KpiKind.SKILL_GAIN: "points",
    KpiKind.MENTOR_RETENTION: "pp",
    KpiKind.COMPLETION: "%",
    KpiKind.PARTICIPATION: "",
}
HEALTH_COLOURS = {
    HealthState.ON_TRACK: charts.OK,
    HealthState.TOO_EARLY: "#8d99ae",
    HealthState.NEEDS_ATTENTION: charts.WARN,
    HealthState.AT_RISK: charts.BAD,
}


def interval_text(interval: Interval | None, unit: str = "") -> str:
    """``95% CI 1.2 to 2.6 meetings``; empty without an interval."""
    if interval is None:
        return ""
    level = f"{interval.level * 100:.0f}%"
    return f"{level} CI {number(interval.low)} to {number(interval.high, unit)}"


def share_of_target(result: KpiResult) -> float | None:
    """The value as a percentage of its target, for targets above zero; None for a
    difference in percentage points (a ratio of two differences means nothing)."""
    if not _charted(result) or result.value is None or result.target is None:
        return None
    return 100 * result.value / float(result.target)


def _charted(result: KpiResult) -> bool:
    return result.unit != "pp" and result.target is not None and result.target > 0


def _left_out(results: Sequence[KpiResult]) -> str:
    """Why some KPIs are not drawn as a share of their target (their cards give them)."""
    points = [r.label for r in results if r.unit == "pp"]
    untargeted = [r.label for r in results if r.unit != "pp" and not _charted(r)]
    notes = []
    if points:
        notes.append(
            f"{', '.join(points)}: a difference in percentage points, which has no share of "
            "a target; see its card and the table."
        )
    if untargeted:
        notes.append(f"{', '.join(untargeted)}: no target above zero; see the table.")
    return " ".join(notes)


def kpi_chart(results: Sequence[KpiResult]) -> Chart:
    """Each KPI as a share of its target (100% = target reached), the units being too
    different to share one axis; the table gives the values in their own units."""
    charted = [r for r in results if _charted(r)]
    rows = [
        (
            r.label,
            number(r.value, r.unit) if r.value is not None else "Not enough data yet",
            number(float(r.target), r.unit) if r.target is not None else "—",
            number(share_of_target(r), "%"),
            r.sample_words,
        )
        for r in results
    ]
    return charts.horizontal_bars(
        "KPIs against their targets",
        labels=[SHORT_LABELS.get(r.kind, r.label) for r in charted],
        series=[
            Series("Result", [share_of_target(r) for r in charted], charts.BRAND),
            Series("Target", [100.0 if r.value is not None else None for r in charted], "#8d99ae"),
        ],
        unit="%",
        columns=("KPI", "Result", "Target", "Share of target", "Measured on"),
        rows=rows,
        summary="Bar chart: each KPI's result as a share of its target, where 100% means "
        "the target is reached. The figures are in the table that follows.",
        note=_left_out(results),
    )


def kpi_series_chart(
    series: Mapping[str, Sequence[SeriesPoint]], results: Sequence[KpiResult]
) -> Chart:
    """The committed KPIs week by week as a share of their targets; the table gives each
    week's values in their own units."""
    kinds = [r for r in results if r.kind in series]
    drawn = [r for r in kinds if _charted(r)]
    weeks = sorted({point.week for r in kinds for point in series[r.kind]})
    by_week = {r.kind: {p.week: p for p in series[r.kind]} for r in kinds}

    def value(result: KpiResult, week: date) -> float | None:
        point = by_week[result.kind].get(week)
        return None if point is None else point.value

    def share(result: KpiResult, week: date) -> float | None:
        found = value(result, week)
        if found is None or result.target is None:
            return None
        return round(100 * found / float(result.target), 1)

    return charts.weekly(
        "KPIs week by week",
        weeks=weeks,
        series=[
            Series(SHORT_LABELS.get(r.kind, r.label), [share(r, w) for w in weeks]) for r in drawn
        ],
        unit="%",
        columns=("Week of", *(r.label for r in kinds)),
        rows=[
            (f"{week.day} {week:%b %Y}", *(number(value(r, week), r.unit) for r in kinds))
            for week in weeks
        ],
        summary="Line chart: each KPI week by week as a share of its target (100% = target "
        "reached). The figures are in the table that follows.",
        note=_left_out(kinds),
    )


def funnel_chart(funnel: Funnel) -> Chart:
    """The participation funnel; the table splits each step into mentors and mentees."""
    first = funnel.stages[0]
    chart = charts.funnel(
        "Participation funnel", steps=[(stage.label, stage.people) for stage in funnel.stages]
    )
    rows = tuple(
        (
            stage.label,
            f"{stage.people:,}",
            f"{stage.mentors:,}",
            f"{stage.mentees:,}",
            number(stage.share_of(first), "%"),
        )
        for stage in funnel.stages
    )
    columns = ("Step", "People", "Mentors", "Mentees", "Share of the first step")
    return dataclasses.replace(chart, columns=columns, rows=rows)


def _as_of(weeks: Sequence[HealthWeek]) -> str:
    """When the current week's figures were recorded ("now" when worked out for the view)."""
    as_of = weeks[-1].as_of if weeks else None
    if as_of is None:
        return "now"
    return date_format(timezone.localtime(as_of), "j M, H:i")


def health_chart(weeks: Sequence[HealthWeek]) -> Chart:
    """Open pairs by health state, week by week, stacked (best state at the bottom)."""
    order = (
        HealthState.ON_TRACK,
        HealthState.TOO_EARLY,
        HealthState.NEEDS_ATTENTION,
        HealthState.AT_RISK,
    )
    return charts.weekly(
        "Pair health over time",
        weeks=[w.week for w in weeks],
        series=[
            Series(state.label, [w.counts[state] for w in weeks], HEALTH_COLOURS[state])
            for state in order
        ],
        stacked=True,
        summary="Stacked area chart: the open pairs of each week by health state. The "
        "figures are in the table that follows.",
        # Past weeks are recorded once and frozen (``health_snapshots``): say so, so that
        # a meeting logged late does not make the chart and a pair's page silently differ.
        note=f"Each past week as it stood at its end, recorded then; this week as of "
        f"{_as_of(weeks)}. A meeting or check-in logged late for a past week counts from now "
        "on, on the pair's page and in this week, not in the recorded week.",
    )


def meetings_chart(meetings: MeetingsPerPair) -> Chart:
    """How many started pairs held each number of meetings."""
    note = ""
    if meetings.pairs:
        note = (
            f"{meetings.pairs:,} pairs that started; mean {number(meetings.mean)}, "
            f"median {number(meetings.median)} meetings held."
        )
    return charts.horizontal_bars(
        "Meetings held per pair",
        labels=[
            f"{label} meetings" if label != "1" else "1 meeting" for label, _ in meetings.buckets
        ],
        series=[Series("Pairs", [n for _, n in meetings.buckets], charts.BRAND)],
        label_heading="Meetings held",
        note=note,
    )


def ratings_chart(ratings: RatingsDistribution) -> Chart:
    """How often each check-in rating was given, by mentors and by mentees."""
    scale = sorted(RATING_LABELS, reverse=True)
    note = ""
    if ratings.ratings:
        note = (
            f"{ratings.ratings:,} ratings from {ratings.people:,} people; mean "
            f"{number(ratings.mean, '/5')}."
        )
    return charts.horizontal_bars(
        "Check-in ratings",
        labels=[f"{r} — {RATING_LABELS[r]}" for r in scale],
        series=[
            Series("Mentors", [ratings.mentors[r] for r in scale], charts.BRAND),
            Series("Mentees", [ratings.mentees[r] for r in scale], charts.OK),
        ],
        columns=("Rating", "From mentors", "From mentees"),
        rows=[
            (f"{r} — {RATING_LABELS[r]}", str(ratings.mentors[r]), str(ratings.mentees[r]))
            for r in scale
        ],
        note=note,
    )


def skill_chart(summary: SkillGainSummary) -> Chart:
    """The mean gain per skill (after minus before, points on the 1–5 scale): the drawing
    has the skills with a mean, the table every skill with how many people are behind it."""
    skills = list(summary.per_skill)
    drawn = [gain for gain in skills if gain.mean is not None]
    return charts.horizontal_bars(
        "Skill gain per skill",
        labels=[gain.key for gain in drawn],
        series=[Series("Mean gain (points)", [gain.mean for gain in drawn], charts.BRAND)],
        columns=("Skill", "Mean gain", "95% interval", "People", "Of whom late “then and now”"),
        rows=[
            (
                gain.key,
                number(gain.mean, "points") if gain.mean is not None else "Not enough data yet",
                interval_text(gain.interval, "points") or "—",
                f"{gain.people:,}",
                f"{gain.retrospective:,}",
            )
            for gain in skills
        ],
        note=summary.note
        or (
            f"{len(skills) - len(drawn)} of the {len(skills)} skills have too few people "
            "with both assessments for a mean: see the table."
            if len(drawn) < len(skills)
            else ""
        ),
    )


def comparison_chart(comparisons: Sequence[Comparison]) -> Chart:
    """Participants' rates against their comparison groups' (retention, promotion)."""
    titles = {"retention": "Retention", "promotion": "Promotion"}
    labels = [titles.get(c.measure, c.measure.capitalize()) for c in comparisons]
    return charts.horizontal_bars(
        "Participants against comparable colleagues",
        labels=labels,
        series=[
            Series("Participants", [c.participant_rate for c in comparisons], charts.BRAND),
            Series("Comparison group", [c.comparison_rate for c in comparisons], "#8d99ae"),
        ],
        unit="%",
        columns=("Measure", "Participants", "Comparison group", "Difference", "People"),
        rows=[
            (
                f"{label} within {c.months} months",
                number(c.participant_rate, "%"),
                number(c.comparison_rate, "%"),
                _difference(c),
                f"{c.participants:,} participants, {c.comparison:,} in the comparison group",
            )
            for label, c in zip(labels, comparisons, strict=True)
        ],
        note=" ".join(dict.fromkeys(c.note for c in comparisons if c.note)),
    )


def _difference(comparison: Comparison) -> str:
    if comparison.difference is None:
        return comparison.note or charts.NOT_ENOUGH
    sign = "+" if comparison.difference > 0 else ""
    text = f"{sign}{number(comparison.difference, 'pp')}"
    interval = interval_text(comparison.interval, "pp")
    return f"{text} ({interval})" if interval else text


def breakdown_chart(breakdown: Breakdown) -> Chart:
    """People per group of one breakdown, hidden groups left out of chart and table alike
    (their number only is said, never their names); the table has every KPI per group."""
    shown = [g for g in breakdown.groups if not g.hidden]
    hidden = len(breakdown.groups) - len(shown)
    rows = [
        (g.label, *(_group_figure(g.figures.get(kind), kind) for kind in breakdown.kinds))
        for g in shown
    ]
    rows.append(
        ("Everyone", *(_group_figure(breakdown.total.get(kind), kind) for kind in breakdown.kinds))
    )
    note = breakdown.hidden_note
    if hidden:
        note = f"{hidden} {'group is' if hidden == 1 else 'groups are'} hidden. {note}"
    return charts.horizontal_bars(
        f"By {breakdown.label.lower()}",
        labels=[g.label for g in shown],
        series=[Series("People", [g.people for g in shown], charts.BRAND)],
        columns=(breakdown.label, *(kpi_label(kind) for kind in breakdown.kinds)),
        rows=rows,
        note=note,
    )


def _group_figure(figure: GroupFigure | None, kind: str) -> str:
    if figure is None or figure.value is None:
        return "—"
    if kind == KpiKind.PARTICIPATION:
        return number(figure.value)
    return f"{number(figure.value, KIND_UNITS.get(kind, ''))} (n={figure.sample:,})"
