"""The program dashboard works each costly input out once: the facts (six queries), the
skill gain (every assessment rating) and the retention comparison (the organisation's
comparison group), though its KPIs, their weekly series, its sections and its breakdowns
all use them; and the figures are those each producer gives on its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from remento.outcomes.assessments.gains import skill_gain_summary
from remento.outcomes.charts import Chart
from remento.outcomes.comparison import retention_comparison
from remento.outcomes.dashboards import figures
from remento.outcomes.dashboards.program import program_dashboard
from remento.outcomes.kpis import breakdowns, facts, inputs
from remento.outcomes.kpis.breakdowns import program_breakdowns
from remento.outcomes.kpis.selectors import program_kpis
from remento.outcomes.kpis.series import kpi_series
from remento.programs.models import KpiKind
from tests.outcomes.kpis.builders import TODAY, HandMade


def _counted(calls: Counter[str], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return function(*args, **kwargs)

    return wrapper


def test_facts_skill_gain_and_retention_are_each_worked_out_once(
    made: HandMade, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed = set(made.program.kpis.values_list("kind", flat=True))
    assert {KpiKind.SKILL_GAIN, KpiKind.MENTOR_RETENTION} <= committed
    calls: Counter[str] = Counter()
    monkeypatch.setattr(
        inputs, "skill_gain_summary", _counted(calls, "skill gain", inputs.skill_gain_summary)
    )
    monkeypatch.setattr(
        inputs, "retention_comparison", _counted(calls, "retention", inputs.retention_comparison)
    )
    monkeypatch.setattr(facts, "load_facts", _counted(calls, "facts", facts.load_facts))
    monkeypatch.setattr(breakdowns, "load_facts", _counted(calls, "facts", facts.load_facts))

    program_dashboard(made.program, today=TODAY)

    assert calls == {"skill gain": 1, "retention": 1, "facts": 1}


def test_the_shared_inputs_give_the_figures_each_producer_gives_alone(made: HandMade) -> None:
    dashboard = program_dashboard(made.program, today=TODAY)

    assert dashboard.kpis == program_kpis(made.program, today=TODAY)
    assert dashboard.skill_gain == skill_gain_summary(made.program)
    assert dashboard.comparisons[0] == retention_comparison(made.program, today=TODAY)
    alone = figures.kpi_series_chart(kpi_series(made.program, today=TODAY), dashboard.kpis)
    assert _figures(dashboard.series_chart) == _figures(alone)
    assert [_figures(chart) for chart in dashboard.breakdown_charts] == [
        _figures(figures.breakdown_chart(b)) for b in program_breakdowns(made.program)
    ]


def _figures(chart: Chart) -> tuple[object, ...]:
    """What a chart says, without its drawing (whose element ids differ on each call)."""
    return (chart.title, chart.columns, chart.rows, chart.note)
