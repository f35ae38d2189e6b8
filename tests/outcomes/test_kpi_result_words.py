"""How a KPI result names its sample: "Measured on 1 person", never "1 people"."""

from __future__ import annotations

from remento.outcomes.results import KpiResult


def _measured_on(sample: int, label: str) -> str:
    result = KpiResult(
        kind="participation",
        label="Participants",
        target=None,
        value=1.0,
        unit="people",
        method="Counted.",
        sample=sample,
        sample_label=label,
    )
    return result.sample_words


def test_one_of_a_sample_is_named_in_the_singular_and_many_in_the_plural() -> None:
    assert _measured_on(1, "people") == "1 person"
    assert _measured_on(1, "pairs") == "1 pair"
    assert _measured_on(1, "ratings") == "1 rating"
    assert _measured_on(0, "people") == "0 people"
    assert _measured_on(2345, "goals") == "2,345 goals"
