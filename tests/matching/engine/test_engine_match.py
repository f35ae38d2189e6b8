"""match(), stable_match(), suggest(), summarize(): the one-call engine."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import (
    LOCKED_ELSEWHERE,
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
    Person,
    Settings,
    match,
    pair_score,
    stable_match,
    suggest,
    summarize,
)
from remento.matching.engine.constraints import ineligible_because
from tests.matching.engine.strategies import TAXONOMY, people, random_people


@settings(max_examples=30, deadline=None)
@given(
    mentors=people("m", 4),
    mentees=people("e", 5),
    program=st.sampled_from(["reverse", "traditional", "mutual"]),
    rule=st.sampled_from(["forbid", "allow", "prefer"]),
    objective=st.sampled_from(["total", "fairness", "stable"]),
    lock=st.booleans(),
)
def test_match_never_breaks_a_rule(
    mentors: list[Person],
    mentees: list[Person],
    program: Any,
    rule: Any,
    objective: Any,
    lock: bool,
) -> None:
    rules = Settings(
        program_type=program,
        same_department=rule,
        objective=objective,
        blocked_pairs=frozenset({("m1", "e1")}),
        max_timezone_diff_hours=6,
    )
    keepable = mentors[0].capacity > 0 and ineligible_because(mentors[0], mentees[0], rules) is None
    locked = (("m0", "e0"),) if lock and keepable else ()
    conf = replace(rules, locked_pairs=locked)
    result = match(mentors, mentees, TAXONOMY, conf)
    by_id = {p.id: p for p in mentors} | {p.id: p for p in mentees}
    assert len({p.mentee_id for p in result.pairs}) == len(result.pairs)
    for pair in result.pairs:
        if (pair.mentor_id, pair.mentee_id) in locked:
            assert pair.locked
            continue
        mentor, mentee = by_id[pair.mentor_id], by_id[pair.mentee_id]
        assert ineligible_because(mentor, mentee, conf) is None
        assert pair.score == pytest.approx(pair_score(mentor, mentee, TAXONOMY, conf), abs=1e-5)
    for lk in locked:
        assert any((p.mentor_id, p.mentee_id) == lk for p in result.pairs)
    for mentor in mentors:
        assert sum(p.mentor_id == mentor.id for p in result.pairs) <= mentor.capacity
    assert result.upper_bound >= result.total - 1e-6
    named = {u.person_id for u in result.unmatched if u.role == "mentee"}
    assert named == {p.id for p in mentees} - {p.mentee_id for p in result.pairs}
    for person in result.unmatched:
        if person.role == "mentee":
            partners = [
                m
                for m in mentors
                if m.capacity > 0 and ineligible_because(m, by_id[person.person_id], conf) is None
            ]
            places = [m for m in partners if m.capacity > sum(lk[0] == m.id for lk in locked)]
            expected = (
                NO_ELIGIBLE_PARTNER
                if not partners
                else LOST_TO_BETTER_MATCH
                if places
                else LOCKED_ELSEWHERE
            )
            assert person.reason == expected
        elif by_id[person.person_id].capacity == 0:
            assert person.reason == NO_CAPACITY


def test_top_k_with_pricing_reaches_the_all_pairs_optimum() -> None:
    rng = np.random.default_rng(11)
    mentors = random_people(rng, "m", 150)
    mentees = random_people(rng, "e", 200)
    exact = match(mentors, mentees, TAXONOMY, Settings())
    # Few candidates on purpose: pricing must find the pairs the lists missed.
    conf = Settings(exact_pairs_limit=1, top_k=5, mentor_k=2, pricing_rounds=10)
    large = match(mentors, mentees, TAXONOMY, conf)
    assert exact.method == "exact"
    assert large.method == "top-k"
    assert large.total == pytest.approx(exact.total, abs=1e-4)
    assert exact.total - 1e-4 <= large.upper_bound <= exact.total * (1 + 1e-4)
    assert exact.upper_bound == pytest.approx(exact.total, abs=1e-3)


def test_same_people_in_any_order_give_the_same_pairs() -> None:
    rng = np.random.default_rng(3)
    mentors = random_people(rng, "m", 40)
    mentees = random_people(rng, "e", 60)
    first = match(mentors, mentees, TAXONOMY, Settings())
    shuffled_m, shuffled_e = mentors[:], mentees[:]
    random.Random(4).shuffle(shuffled_m)
    random.Random(5).shuffle(shuffled_e)
    again = match(shuffled_m, shuffled_e, TAXONOMY, Settings())
    assert first.pairs == again.pairs
    assert first.unmatched == again.unmatched


def test_locked_pair_is_kept_even_against_the_optimum() -> None:
    strong = Person(id="a", level=1, teaches={"excel": 5})
    weak = Person(id="b", level=1)
    mentee = Person(id="e", level=6, wants={"excel": 5})
    conf = Settings(locked_pairs=(("b", "e"),))
    result = match([strong, weak], [mentee], TAXONOMY, conf)
    assert [(p.mentor_id, p.mentee_id, p.locked) for p in result.pairs] == [("b", "e", True)]


def test_a_locked_pair_that_breaks_a_rule_is_refused_naming_the_rule() -> None:
    junior = Person(id="j", level=1)
    senior = Person(id="s", level=9, manager_chain=("boss",))
    boss = Person(id="boss", level=1)
    conf = Settings(program_type="traditional", locked_pairs=(("j", "s"),))
    rule = r"locked pair \(j, s\) breaks .*mentor at level 1, mentee at level 9: the mentor must"
    with pytest.raises(ValueError, match=rule):
        match([junior], [senior], TAXONOMY, conf)
    conf = Settings(locked_pairs=(("boss", "s"),))
    with pytest.raises(ValueError, match="reporting line"):
        match([boss], [senior], TAXONOMY, conf)


def test_unmatched_are_named_with_why() -> None:
    mentor = Person(id="m", level=1, teaches={"excel": 5})
    keen = Person(id="e1", level=6, wants={"excel": 5})
    other = Person(id="e2", level=6, wants={"sql": 5})
    too_junior = Person(id="e3", level=1)
    idle = Person(id="m0", level=1, capacity=0)
    result = match([mentor, idle], [keen, other, too_junior], TAXONOMY, Settings())
    assert [(p.mentor_id, p.mentee_id) for p in result.pairs] == [("m", "e1")]
    reasons = {u.person_id: u.reason for u in result.unmatched}
    assert reasons == {"e2": LOST_TO_BETTER_MATCH, "e3": NO_ELIGIBLE_PARTNER, "m0": NO_CAPACITY}


def test_unknown_or_contradictory_locks_are_refused() -> None:
    a, b = Person(id="a", level=1), Person(id="b", level=5)
    with pytest.raises(ValueError, match="unknown mentor"):
        match([a], [b], TAXONOMY, Settings(locked_pairs=(("x", "b"),)))
    with pytest.raises(ValueError, match="both locked and blocked"):
        match(
            [a],
            [b],
            TAXONOMY,
            Settings(locked_pairs=(("a", "b"),), blocked_pairs=frozenset({("a", "b")})),
        )
    with pytest.raises(ValueError, match="appears twice"):
        match([a, a], [b], TAXONOMY, Settings())


def test_fairness_mode_lifts_the_worst_pair() -> None:
    rng = np.random.default_rng(8)
    mentors = random_people(rng, "m", 30)
    mentees = random_people(rng, "e", 30)
    total = match(mentors, mentees, TAXONOMY, Settings())
    fair = match(mentors, mentees, TAXONOMY, Settings(objective="fairness"))
    assert min(p.score for p in fair.pairs) >= min(p.score for p in total.pairs) - 1e-9
    assert len(fair.pairs) >= len(total.pairs)
    assert fair.total <= total.total + 1e-6


def test_stable_mode_leaves_no_blocking_pair() -> None:
    rng = np.random.default_rng(9)
    mentors = random_people(rng, "m", 25)
    mentees = random_people(rng, "e", 30)
    conf = Settings(objective="stable")
    result = match(mentors, mentees, TAXONOMY, conf)
    partner = {p.mentee_id: p for p in result.pairs}
    taken: dict[str, list[float]] = {}
    for p in result.pairs:
        taken.setdefault(p.mentor_id, []).append(p.score)
    for mentee in mentees:
        mine = partner[mentee.id].score if mentee.id in partner else -1.0
        for mentor in mentors:
            if ineligible_because(mentor, mentee, conf) or mentor.capacity == 0:
                continue
            s = pair_score(mentor, mentee, TAXONOMY, conf)
            held = taken.get(mentor.id, [])
            mentor_would = len(held) < mentor.capacity or s > min(held) + 1e-9
            assert not (s > mine + 1e-9 and mentor_would)


def test_stable_match_follows_explicit_rankings() -> None:
    mentees = {"a": ["x", "y"], "b": ["x", "y"], "c": ["y"]}
    mentors = {"x": ["b", "a"], "y": ["a", "c", "b"]}
    assert stable_match(mentees, mentors) == {"b": "x", "a": "y"}
    assert stable_match(mentees, mentors, {"x": 1, "y": 2}) == {"b": "x", "a": "y", "c": "y"}


def test_suggest_ranks_eligible_mentors_best_first_with_reasons() -> None:
    mentee = Person(id="e", name="Dana", level=7, wants={"tiktok": 5})
    best = Person(id="b", level=1, teaches={"tiktok": 5})
    good = Person(id="g", level=1, teaches={"instagram": 5})
    boss = Person(id="boss", level=1, teaches={"tiktok": 5})
    mentee = Person(id="e", name="Dana", level=7, wants={"tiktok": 5}, manager_chain=("boss",))
    out = suggest(mentee, [good, boss, best], TAXONOMY, Settings(), k=5)
    assert [s.mentor_id for s in out] == ["b", "g"]
    assert out[0].score > out[1].score
    assert "TikTok" in out[0].explanation.reasons[0].text


def test_summary_gives_the_distribution_and_unmatched_by_department() -> None:
    mentor = Person(id="m", level=1, teaches={"excel": 5}, department="IT")
    a = Person(id="a", level=5, wants={"excel": 5}, department="Sales")
    b = Person(id="b", level=5, department="Finance")
    result = match([mentor], [a, b], TAXONOMY, Settings())
    summary = summarize(result, [mentor, a, b])
    assert summary.pairs == 1
    assert summary.minimum == summary.median == pytest.approx(result.total)
    assert summary.unmatched_mentees == 1
    assert summary.unmatched_by_department == {"Finance": 1}


def test_progress_names_each_phase_as_it_starts() -> None:
    rng = np.random.default_rng(2)
    mentors, mentees = random_people(rng, "m", 10), random_people(rng, "e", 12)
    phases: list[str] = []
    match(mentors, mentees, TAXONOMY, Settings(), progress=phases.append)
    assert phases == ["encoding features", "scoring all pairs", "solving"]
    phases.clear()
    conf = Settings(objective="stable", exact_pairs_limit=1, top_k=2, mentor_k=1, widen_k=20)
    match(mentors, mentees, TAXONOMY, conf, progress=phases.append)
    assert phases[:3] == ["encoding features", "finding the top 2 mentors per mentee", "solving"]
