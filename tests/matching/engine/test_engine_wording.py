"""The engine's words: counts agree with their nouns and no stored code reaches a reason."""

from __future__ import annotations

from remento.matching.engine import Person, Settings, Weights, explain
from remento.matching.engine.constraints import ineligible_because
from tests.matching.engine.strategies import TAXONOMY


def test_one_working_hour_in_common_is_singular() -> None:
    weights = Weights(skills=0, timezone=5)
    tokyo = Person(id="a", level=1, timezone="Asia/Tokyo")  # UTC+9

    def reason(timezone: str) -> str:
        mentee = Person(id="b", level=5, timezone=timezone)
        found = explain(tokyo, mentee, TAXONOMY, Settings(weights=weights)).reasons
        return next(r.text for r in found if r.criterion == "timezone")

    assert reason("Europe/Athens") == "1 working hour in common (7 h apart)"  # UTC+2
    assert reason("Europe/Moscow") == "2 working hours in common (6 h apart)"  # UTC+3
    athens = Person(id="c", level=5, timezone="Europe/Athens")
    warnings = explain(tokyo, athens, TAXONOMY, Settings(weights=weights)).warnings
    assert "only 1 working hour in common" in warnings


def test_a_broken_level_rule_is_said_in_words_not_with_the_program_type_code() -> None:
    mentor = Person(id="a", level=5)
    mentee = Person(id="b", level=6)

    why = ineligible_because(mentor, mentee, Settings(program_type="reverse", min_level_gap=2))
    assert why == (
        "mentor at level 5, mentee at level 6: the mentor must sit at least 2 levels below "
        "the mentee"
    )
    why = ineligible_because(mentor, mentee, Settings(program_type="traditional", min_level_gap=1))
    assert why is not None
    assert "at least 1 level above the mentee" in why
    assert "traditional" not in why
