"""Locked pairs are checked by id (messages name people, not indices), the unmatched say
why (capacity 0, locks, a better overall match), and suggest() respects capacity."""

from __future__ import annotations

import numpy as np
import pytest

from remento.matching.engine import (
    LOCKED_ELSEWHERE,
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
    Person,
    Settings,
    assign,
    match,
    suggest,
)
from tests.matching.engine.strategies import TAXONOMY

M1 = Person(id="m1", level=1, teaches={"excel": 5})
M2 = Person(id="m2", level=1, capacity=0)
E1 = Person(id="e1", level=6, wants={"excel": 5})
E2 = Person(id="e2", level=6)


def test_locking_a_capacity_0_mentor_names_the_mentor() -> None:
    conf = Settings(locked_pairs=(("m2", "e1"),))
    with pytest.raises(ValueError, match="capacity of mentor 'm2': capacity 0, 1 locked"):
        match([M1, M2], [E1, E2], TAXONOMY, conf)


def test_locks_beyond_a_capacity_name_the_mentor() -> None:
    conf = Settings(locked_pairs=(("m1", "e1"), ("m1", "e2")))
    with pytest.raises(ValueError, match="capacity of mentor 'm1': capacity 1, 2 locked"):
        match([M1, M2], [E1, E2], TAXONOMY, conf)


def test_a_mentee_locked_twice_is_named() -> None:
    other = Person(id="m3", level=1)
    conf = Settings(locked_pairs=(("m1", "e1"), ("m3", "e1")))
    with pytest.raises(
        ValueError, match="mentee 'e1' appears in more than one locked pair \\(with 'm1' and 'm3'"
    ):
        match([M1, other], [E1, E2], TAXONOMY, conf)


def test_unknown_ids_in_a_lock_are_named() -> None:
    with pytest.raises(ValueError, match="unknown mentee 'zz'"):
        match([M1], [E1], TAXONOMY, Settings(locked_pairs=(("m1", "zz"),)))
    with pytest.raises(ValueError, match="unknown mentor 'e1'"):
        match([M1], [E1], TAXONOMY, Settings(locked_pairs=(("e1", "m1"),)))


def test_assign_reports_a_capacity_0_mentor_as_taking_nobody() -> None:
    result = assign(np.array([[1.0, 2.0]]), capacities=[1, 0])
    assert result.unmatched_mentors.tolist() == [1]
    assert result.unmatched_mentor_reasons == [NO_CAPACITY]


def test_a_mentee_whose_only_partner_is_locked_to_someone_else_says_so() -> None:
    # Mentee 1 could only go to mentor 0, whose one place the coordinator gave mentee 0.
    result = assign(np.array([[1.0], [5.0]]), capacities=[1], locked=[(0, 0)])
    assert result.unmatched_mentees.tolist() == [1]
    assert result.unmatched_mentee_reasons == [LOCKED_ELSEWHERE]
    # With no lock at all, the mentees left out lost to a better total.
    free = assign(np.array([[1.0], [5.0], [4.0]]), capacities=[1])
    assert free.unmatched_mentee_reasons == [LOST_TO_BETTER_MATCH, LOST_TO_BETTER_MATCH]


def test_a_mentor_whose_only_mentee_is_locked_elsewhere_says_so() -> None:
    result = assign(np.array([[1.0, 9.0]]), capacities=[1, 1], locked=[(0, 0)])
    assert result.unmatched_mentors.tolist() == [1]
    assert result.unmatched_mentor_reasons == [LOCKED_ELSEWHERE]


def test_match_names_the_reasons_by_id() -> None:
    other = Person(id="e3", level=6, wants={"excel": 5})
    junior = Person(id="e4", level=1)
    conf = Settings(locked_pairs=(("m1", "e1"),))
    result = match([M1, M2], [E1, other, junior], TAXONOMY, conf)
    reasons = {u.person_id: u.reason for u in result.unmatched}
    assert reasons == {"e3": LOCKED_ELSEWHERE, "e4": NO_ELIGIBLE_PARTNER, "m2": NO_CAPACITY}


def test_suggest_leaves_out_mentors_who_take_nobody() -> None:
    full = Person(id="a", level=1, teaches={"excel": 5}, capacity=0)
    free = Person(id="b", level=1, teaches={"sql": 1})
    out = suggest(E1, [full, free], TAXONOMY, Settings())
    assert [s.mentor_id for s in out] == ["b"]
