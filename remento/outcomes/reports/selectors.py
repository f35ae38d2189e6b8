"""The sponsor's report of one program: what it set out to do and what it achieved.

Everything is gathered here once, for the HTML page and the PDF alike: the KPIs against their
targets with methods and sample sizes (``outcomes.kpis``), the skill gain
(``outcomes.assessments.gains``), retention and promotion against comparable
non-participants (``outcomes.comparison``), the participation funnel (``outcomes.selectors``),
charts of them (``outcomes.charts``), quotes people allowed (``reports.quotes``) and what to
change next time: the coordinator's lessons and a suggestion per missed target
(``reports.suggestions``). No figure about fewer people than the minimum group size is shown:
a skill assessed by fewer is listed without its mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from remento.outcomes import charts
from remento.outcomes.kept.kpis import kept_program_kpis
from remento.outcomes.kpis.inputs import ProgramInputs
from remento.outcomes.kpis.selectors import FROM_ANSWERS, measure_kinds, program_kpis
from remento.outcomes.reports.quotes import Highlights, program_highlights
from remento.outcomes.reports.suggestions import suggestions_from
from remento.outcomes.results import Comparison, KpiResult, SkillGain, SkillGainSummary
from remento.outcomes.selectors import Funnel, participation_funnel
from remento.programs.models import Program, Status


@dataclass(frozen=True)
class KpiLine:
    """One KPI as the report shows it: the figure, its target and whether it was met."""

    result: KpiResult

    @property
    def value(self) -> str:
        return charts.number(self.result.value, self.result.unit)

    @property
    def target(self) -> str:
        target = self.result.target
        return charts.number(float(target), self.result.unit) if target is not None else "—"

    @property
    def interval(self) -> str:
        """``95% interval 3.9–6.1 meetings``: the unit once, after the upper bound."""
        interval = self.result.interval
        if interval is None or self.result.value is None:
            return ""
        low = charts.number(interval.low)
        high = charts.number(interval.high, self.result.unit)
        return f"{round(interval.level * 100)}% interval {low}–{high}"

    @property
    def verdict(self) -> str:
        """ "Met", "Not met", "Not yet: …" or "Not measured yet", in words (colour is never
        the only cue); one rule for every page, the PDF and the exports
        (``results.verdict_of``)."""
        return self.result.verdict_text


@dataclass(frozen=True)
class SkillLine:
    """One skill's mean gain, or None where fewer people than the minimum are behind it."""

    skill: str
    gain: SkillGain
    shown: bool

    @property
    def mean(self) -> str:
        return charts.number(self.gain.mean, "points") if self.shown else "—"


@dataclass(frozen=True)
class ProgramReport:
    program: Program
    today: date
    kpis: tuple[KpiLine, ...]
    skill_gain: SkillGainSummary
    skills: tuple[SkillLine, ...]
    retention: Comparison
    promotion: Comparison
    funnel: Funnel
    charts: tuple[charts.Chart, ...]
    highlights: Highlights
    suggestions: tuple[str, ...]
    min_group_size: int
    # When the task worker measured the KPIs and funnel (None: for this report).
    kpis_as_of: datetime | None = None

    @property
    def skills_shown(self) -> tuple[SkillLine, ...]:
        return tuple(line for line in self.skills if line.shown)

    @property
    def skills_hidden(self) -> int:
        return sum(1 for line in self.skills if not line.shown)

    @property
    def final(self) -> bool:
        """Whether the figures are final (the program is closed): only then is a target
        missed."""
        return self.program.status == Status.CLOSED

    @property
    def lessons(self) -> str:
        return self.program.lessons

    @property
    def kpis_met(self) -> int:
        return sum(1 for line in self.kpis if line.result.met)

    @property
    def kpis_unmeasured(self) -> int:
        return sum(1 for line in self.kpis if line.result.met is None)

    @property
    def comparisons(self) -> tuple[Comparison, Comparison]:
        return (self.retention, self.promotion)


def _skill_lines(summary: SkillGainSummary, size: int) -> tuple[SkillLine, ...]:
    return tuple(
        SkillLine(gain.key, gain, shown=gain.people >= size and gain.mean is not None)
        for gain in summary.per_skill
    )


def _charts(
    kpis: tuple[KpiLine, ...], skills: tuple[SkillLine, ...], funnel: Funnel
) -> tuple[charts.Chart, ...]:
    measured = [line for line in kpis if line.result.value is not None and line.result.target]
    kpi_chart = charts.horizontal_bars(
        "Share of each target reached",
        labels=[line.result.label for line in measured],
        series=[
            charts.Series(
                "Reached",
                [
                    round(100 * (line.result.value or 0) / float(line.result.target or 1))
                    for line in measured
                ],
            )
        ],
        unit="%",
        columns=("KPI", "Result", "Target", "Share of the target"),
        rows=[
            (
                line.result.label,
                line.value,
                line.target,
                charts.number(100 * (line.result.value or 0) / float(line.result.target or 1), "%"),
            )
            for line in measured
        ],
        summary="Bar chart: each KPI's result as a share of its target (100% = target met).",
    )
    shown = [line for line in skills if line.shown]
    skill_chart = charts.horizontal_bars(
        "Mean skill gain per skill (points on the 1–5 scale)",
        labels=[line.skill for line in shown],
        series=[charts.Series("Mean gain", [line.gain.mean for line in shown])],
        columns=("Skill", "Mean gain", "People"),
        rows=[(line.skill, line.mean, str(line.gain.people)) for line in shown],
    )
    funnel_chart = charts.funnel(
        "Participation funnel",
        steps=[(stage.label, stage.people) for stage in funnel.stages],
        summary="Funnel: how many people reached each step, from invitation to completion.",
    )
    return (kpi_chart, funnel_chart, skill_chart)


def program_report(
    program: Program, *, today: date | None = None, viewer_id: int | None = None
) -> ProgramReport:
    """The sponsor's report of ``program`` as of ``today`` (default: today), made for
    ``viewer_id`` (who asked): the check-in answers of their own partner, should they be in
    a pair of it, are not counted (``outcomes.confidential``). The caller fetched the
    program for a coordinator of its organisation; the number of queries does not grow with
    the program's size.

    The KPIs, the skill gain and the comparisons share one ``ProgramInputs``, so that each is
    worked out once; the KPIs, the funnel and the comparisons are read as the task worker
    last worked them out, where it did (``outcomes.kept``), instead of from every pair,
    enrolment and person of the program and the organisation."""
    today = today or timezone.localdate()
    size = settings.REMENTO_MIN_GROUP_SIZE
    inputs = ProgramInputs(program, today=today, kept=True, viewer_id=viewer_id)
    kept = kept_program_kpis(program, viewer_id=viewer_id)
    if kept is not None and kept.withheld:
        # The viewer is in a pair whose partner's answers the kept KPIs count.
        kept = kept.recounted(measure_kinds(program, FROM_ANSWERS, today=today, inputs=inputs))
    results = kept.of(program) if kept else program_kpis(program, inputs=inputs)
    kpis = tuple(KpiLine(result) for result in results)
    summary = inputs.skill_gain
    skills = _skill_lines(summary, size)
    funnel = kept.funnel if kept else participation_funnel(program)
    retention = inputs.retention
    promotion = inputs.promotion
    return ProgramReport(
        program=program,
        today=today,
        kpis=kpis,
        skill_gain=summary,
        skills=skills,
        retention=retention,
        promotion=promotion,
        funnel=funnel,
        charts=_charts(kpis, skills, funnel),
        highlights=program_highlights(program, min_group_size=size, viewer_id=viewer_id),
        suggestions=tuple(suggestions_from([line.result for line in kpis])),
        min_group_size=size,
        kpis_as_of=kept.computed_at if kept else None,
    )
