"""count_of(): the noun agrees with the number."""

from __future__ import annotations

from remento.core.words import count_of


def test_one_takes_the_singular_and_any_other_count_the_plural() -> None:
    assert count_of(1, "pair") == "1 pair"
    assert count_of(3, "pair") == "3 pairs"
    assert count_of(0, "place") == "0 places"
    assert count_of(2, "person", "people") == "2 people"
    assert count_of(1.0, "hour") == "1 hour"
    assert count_of(2.5, "hour") == "2.5 hours"
