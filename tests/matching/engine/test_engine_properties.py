"""Properties of match() on tiny cohorts, checked against brute force: the best total
under every rule (capacities above 1 included), locks always kept or refused with a
reason, and the same pairs whatever the input order."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import Person, Settings, match, pair_score
from remento.matching.engine.constraints import ineligible_because
from tests.matching.engine.strategies import TAXONOMY, people

rules = st.builds(
    Settings,
    program_type=st.sampled_from(["reverse", "traditional", "mutual"]),
    min_level_gap=st.integers(0, 2),
    same_department=st.sampled_from(["forbid", "allow", "prefer"]),
    max_timezone_diff_hours=st.sampled_from([None, 3.0]),
    blocked_pairs=st.sampled_from([frozenset(), frozenset({("m0", "e1")})]),
    diversity_attributes=st.sampled_from([(), ("gender",)]),
)


def brute_force_total(
    mentors: list[Person], mentees: list[Person], conf: Settings, locked: dict[str, str]
) -> float:
    """Best total over every way to give each free mentee one eligible mentor or none."""
    score = {
        (t.id, m.id): pair_score(t, m, TAXONOMY, conf)
        for t in mentors
        for m in mentees
        if ineligible_because(t, m, conf) is None
    }
    free = [m.id for m in mentees if m.id not in locked]
    capacity = {t.id: t.capacity for t in mentors}
    fixed = sum(score[(t, m)] for m, t in locked.items())
    best = 0.0
    for choice in itertools.product([None, *capacity], repeat=len(free)):
        load = {t: sum(1 for v in locked.values() if v == t) for t in capacity}
        total = 0.0
        for mentee_id, mentor_id in zip(free, choice, strict=True):
            if mentor_id is None:
                continue
            if (mentor_id, mentee_id) not in score:
                break
            load[mentor_id] += 1
            total += score[(mentor_id, mentee_id)]
        else:
            if all(load[t] <= capacity[t] for t in capacity):
                best = max(best, total)
    return fixed + best


@settings(max_examples=30, deadline=None)
@given(mentors=people("m", 3, max_capacity=3), mentees=people("e", 4), conf=rules)
def test_match_equals_brute_force_with_capacities(
    mentors: list[Person], mentees: list[Person], conf: Settings
) -> None:
    result = match(mentors, mentees, TAXONOMY, conf)
    assert result.total == pytest.approx(brute_force_total(mentors, mentees, conf, {}), abs=1e-4)
    for mentor in mentors:
        assert sum(p.mentor_id == mentor.id for p in result.pairs) <= mentor.capacity


@st.composite
def lock_sets(draw: st.DrawFn) -> tuple[tuple[str, str], ...]:
    pairs = [(f"m{i}", f"e{j}") for i in range(3) for j in range(4)]
    return tuple(draw(st.lists(st.sampled_from(pairs), max_size=3)))


def lock_problem(mentors: list[Person], mentees: list[Person], conf: Settings) -> str | None:
    """Why the locks cannot all be kept, or None (the test's own reading of the rules)."""
    by_id = {p.id: p for p in mentors} | {p.id: p for p in mentees}
    seen: set[str] = set()
    load: dict[str, int] = {}
    for mentor_id, mentee_id in conf.locked_pairs:
        if (mentor_id, mentee_id) in conf.blocked_pairs:
            return "both locked and blocked"
        if mentee_id in seen:
            return "more than one locked pair"
        seen.add(mentee_id)
        if ineligible_because(by_id[mentor_id], by_id[mentee_id], conf) is not None:
            return "breaks a hard constraint"
        load[mentor_id] = load.get(mentor_id, 0) + 1
        if load[mentor_id] > by_id[mentor_id].capacity:
            return "exceed the capacity"
    return None


@settings(max_examples=30, deadline=None)
@given(
    mentors=people("m", 3, max_capacity=3),
    mentees=people("e", 4),
    conf=rules,
    locks=lock_sets(),
    objective=st.sampled_from(["total", "fairness", "stable"]),
)
def test_locks_always_hold_or_are_refused_with_the_reason(
    mentors: list[Person],
    mentees: list[Person],
    conf: Settings,
    locks: tuple[tuple[str, str], ...],
    objective: Any,
) -> None:
    conf = replace(conf, locked_pairs=locks, objective=objective)
    problem = lock_problem(mentors, mentees, conf)
    if problem is not None:
        with pytest.raises(ValueError, match=problem):
            match(mentors, mentees, TAXONOMY, conf)
        return
    result = match(mentors, mentees, TAXONOMY, conf)
    got = {(p.mentor_id, p.mentee_id): p.locked for p in result.pairs}
    for lock in locks:
        assert got[lock] is True
    assert sum(got.values()) == len(locks)
    for mentor in mentors:
        assert sum(p.mentor_id == mentor.id for p in result.pairs) <= mentor.capacity
    if objective == "total":
        expected = brute_force_total(mentors, mentees, conf, {m: t for t, m in locks})
        assert result.total == pytest.approx(expected, abs=1e-4)


@settings(max_examples=20, deadline=None)
@given(
    mentors=people("m", 4),
    mentees=people("e", 5),
    conf=rules,
    objective=st.sampled_from(["total", "fairness", "stable"]),
    seed=st.integers(0, 2**16),
)
def test_shuffled_input_gives_the_same_result(
    mentors: list[Person], mentees: list[Person], conf: Settings, objective: Any, seed: int
) -> None:
    conf = replace(conf, objective=objective)
    first = match(mentors, mentees, TAXONOMY, conf)
    shuffled_m, shuffled_e = mentors[:], mentees[:]
    random.Random(seed).shuffle(shuffled_m)
    random.Random(seed + 1).shuffle(shuffled_e)
    again = match(shuffled_m, shuffled_e, TAXONOMY, conf)
    assert first.pairs == again.pairs
    assert first.unmatched == again.unmatched
    assert np.isclose(first.upper_bound, again.upper_bound)
