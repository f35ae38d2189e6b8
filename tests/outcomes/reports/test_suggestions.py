"""“What to change next time”: one sentence for each KPI that missed its target."""

from __future__ import annotations

from decimal import Decimal

from remento.outcomes.reports.suggestions import REMEDIES, suggestions_from
from remento.outcomes.results import KpiResult
from remento.programs.models import KpiKind


def _kpi(kind: str, value: float | None, target: str | None, unit: str = "meetings") -> KpiResult:
    return KpiResult(
        kind=kind,
        label=KpiKind(kind).label,
        target=Decimal(target) if target is not None else None,
        value=value,
        unit=unit,
        method="Counted.",
        sample=5,
        sample_label="pairs",
    )


def test_a_missed_target_gets_one_sentence_naming_both_figures() -> None:
    [text] = suggestions_from([_kpi(KpiKind.MEETINGS_PER_PAIR, 2.5, "6")])

    assert text.startswith("Meetings per pair reached 2.5 meetings against a target of 6 meetings")
    assert "shorten the cadence" in text
    assert text.endswith(".")


def test_met_unmeasured_and_untargeted_kpis_get_none() -> None:
    results = [
        _kpi(KpiKind.MEETINGS_PER_PAIR, 7, "6"),
        _kpi(KpiKind.COMPLETION, None, "80", "%"),
        _kpi(KpiKind.CHECKIN_RATING, 3.1, None, "/5"),
    ]

    assert suggestions_from(results) == []


def test_every_kind_of_the_catalogue_has_a_remedy() -> None:
    assert set(REMEDIES) == set(KpiKind.values)
