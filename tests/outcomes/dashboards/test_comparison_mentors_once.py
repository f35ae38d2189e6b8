"""The results page reads the program's mentors once for both comparisons (retention and
promotion follow the same mentors), with the figures each comparison gives on its own."""

from __future__ import annotations

from typing import Any

import pytest

from remento.outcomes.comparison import cohorts, promotion_comparison, retention_comparison
from remento.outcomes.dashboards.program import program_dashboard
from tests.outcomes.kpis.builders import TODAY, HandMade


def test_the_mentors_are_read_once_for_both_comparisons(
    made: HandMade, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    rows = cohorts._participant_rows

    def counted(program: Any) -> list[dict[str, Any]]:
        reads.append(program.pk)
        return rows(program)

    monkeypatch.setattr(cohorts, "_participant_rows", counted)

    dashboard = program_dashboard(made.program, today=TODAY)

    assert reads == [made.program.pk]
    assert dashboard.comparisons[1].participants == dashboard.comparisons[0].participants


def test_the_comparisons_are_those_each_gives_alone(made: HandMade) -> None:
    dashboard = program_dashboard(made.program, today=TODAY)

    assert dashboard.comparisons == [
        retention_comparison(made.program, today=TODAY),
        promotion_comparison(made.program, today=TODAY),
    ]


def test_outside_the_page_each_comparison_reads_the_mentors_as_they_are_now(
    made: HandMade, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    rows = cohorts._participant_rows

    def counted(program: Any) -> list[dict[str, Any]]:
        reads.append(program.pk)
        return rows(program)

    monkeypatch.setattr(cohorts, "_participant_rows", counted)

    retention_comparison(made.program, today=TODAY)
    retention_comparison(made.program, today=TODAY)

    assert len(reads) == 2
