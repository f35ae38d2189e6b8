"""The 1–5 scale: five levels in order, each with a name and what someone there can do."""

from __future__ import annotations

import pytest

from remento.outcomes.assessments.levels import LEVELS, level_label, level_of
from remento.outcomes.assessments.models import LEVEL_MAX, LEVEL_MIN


def test_the_scale_runs_from_foundation_to_expert_with_a_description_each() -> None:
    assert [level.number for level in LEVELS] == list(range(LEVEL_MIN, LEVEL_MAX + 1))
    assert (LEVELS[0].name, LEVELS[-1].name) == ("Foundation", "Expert")
    assert "with guidance" in LEVELS[0].description
    assert "guide others" in LEVELS[-1].description
    assert all(level.description.startswith("Can ") for level in LEVELS)


def test_a_level_reads_by_its_number_and_nothing_else_is_one() -> None:
    assert level_label(3) == "3 · Intermediate"
    assert level_label(None) == ""
    with pytest.raises(ValueError, match="from 1 to 5"):
        level_of(6)
