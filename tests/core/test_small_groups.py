"""The one helper every count by a sensitive attribute goes through."""

from __future__ import annotations

from typing import Any

import pytest

from remento.core.small_groups import sensitive_group_counts


def _shown(counts: dict[str, int], size: int) -> dict[str, int | None]:
    result = sensitive_group_counts(counts, min_group_size=size)
    return {g.key: g.count for g in result.groups}


def test_groups_at_or_above_the_minimum_are_shown() -> None:
    assert _shown({"a": 5, "b": 7}, 5) == {"a": 5, "b": 7}


def test_a_small_group_and_its_complement_are_hidden() -> None:
    # Showing "b: 9" next to a total of 10 would give "a: 1" by subtraction.
    assert _shown({"a": 1, "b": 9}, 5) == {"a": None, "b": None}


def test_an_empty_group_is_hidden_like_a_small_one() -> None:
    assert _shown({"a": 0, "b": 12}, 5) == {"a": None, "b": None}


def test_the_smallest_other_group_is_hidden_so_no_hidden_group_can_be_worked_out() -> None:
    assert _shown({"a": 2, "b": 6, "c": 20}, 5) == {"a": None, "b": None, "c": 20}


def test_hidden_groups_that_together_stay_small_hide_one_more() -> None:
    # a and b hidden hold 3 together, which the total would reveal: hide c as well.
    assert _shown({"a": 1, "b": 2, "c": 6, "d": 30}, 5) == {
        "a": None,
        "b": None,
        "c": None,
        "d": 30,
    }


def test_the_minimum_comes_from_the_setting(settings: Any) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 3
    result = sensitive_group_counts({"a": 3, "b": 3})
    assert result.min_group_size == 3
    assert result.count("a") == 3
    settings.REMENTO_MIN_GROUP_SIZE = 4
    assert sensitive_group_counts({"a": 3, "b": 3}).count("a") is None


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="fewer than 0"):
        sensitive_group_counts({"a": -1}, min_group_size=5)
