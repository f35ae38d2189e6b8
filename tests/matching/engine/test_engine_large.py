"""The large path (price-adjusted top-k lists, one solve, pricing while the proven gap is
too wide) against the all-pairs optimum, and assign() with locks against scipy."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from remento.matching.engine import (
    Person,
    Settings,
    assign,
    dense,
    match,
    pair_score,
    price_estimate,
    refine,
    score_pairs,
)
from remento.matching.engine.arcs import to_units
from remento.matching.engine.constraints import ineligible_because
from remento.matching.engine.edges import with_pairs
from tests.matching.engine.strategies import TAXONOMY, random_people


def cohort(seed: int, n_mentors: int, n_mentees: int) -> tuple[list[Person], list[Person]]:
    """Seeded people with manager chains (mentors report to mentees and the other way
    round), one mentor who takes nobody and one who takes three."""
    rng = np.random.default_rng(seed)
    mentors = random_people(rng, "m", n_mentors)
    mentees = random_people(rng, "e", n_mentees)
    mentor_ids = [p.id for p in mentors]
    mentee_ids = [p.id for p in mentees]
    mentors = [
        replace(p, manager_chain=tuple(rng.choice(mentee_ids, 2, replace=False)))
        if i % 3 == 0
        else p
        for i, p in enumerate(mentors)
    ]
    mentees = [
        replace(p, manager_chain=(str(rng.choice(mentor_ids)),)) if j % 4 == 0 else p
        for j, p in enumerate(mentees)
    ]
    mentors[5] = replace(mentors[5], capacity=0)
    mentors[6] = replace(mentors[6], capacity=3)
    return mentors, mentees


def rules(mentors: list[Person], mentees: list[Person], **knobs: object) -> Settings:
    base = Settings(
        same_department="forbid",
        max_timezone_diff_hours=6,
        blocked_pairs=frozenset({(mentors[1].id, mentees[1].id), (mentors[2].id, mentees[7].id)}),
        **knobs,  # type: ignore[arg-type]
    )
    locks = []
    for mentor, mentee in ((mentors[0], mentees[0]), (mentors[6], mentees[3])):
        if ineligible_because(mentor, mentee, base) is None:
            locks.append((mentor.id, mentee.id))
    return replace(base, locked_pairs=tuple(locks))


def check_rules(
    result: object, mentors: list[Person], mentees: list[Person], conf: Settings
) -> None:
    by_id = {p.id: p for p in mentors} | {p.id: p for p in mentees}
    pairs = result.pairs  # type: ignore[attr-defined]
    assert len({p.mentee_id for p in pairs}) == len(pairs)
    for pair in pairs:
        if (pair.mentor_id, pair.mentee_id) in conf.locked_pairs:
            assert pair.locked
            continue
        mentor, mentee = by_id[pair.mentor_id], by_id[pair.mentee_id]
        assert ineligible_because(mentor, mentee, conf) is None
        assert pair.score == pytest.approx(pair_score(mentor, mentee, TAXONOMY, conf), abs=1e-5)
    for lock in conf.locked_pairs:
        assert any((p.mentor_id, p.mentee_id) == lock for p in pairs)
    for mentor in mentors:
        assert sum(p.mentor_id == mentor.id for p in pairs) <= mentor.capacity


@pytest.mark.parametrize("program", ["reverse", "traditional"])
def test_large_path_reaches_the_all_pairs_optimum_under_every_rule(program: str) -> None:
    mentors, mentees = cohort(31, 150, 200)
    conf = rules(mentors, mentees, program_type=program)
    exact = match(mentors, mentees, TAXONOMY, conf)
    assert exact.method == "exact"
    large_conf = replace(
        conf, exact_pairs_limit=1, top_k=5, mentor_k=2, pricing_rounds=30, gap_tolerance=0.0
    )
    large = match(mentors, mentees, TAXONOMY, large_conf)
    assert large.method == "top-k"
    assert "prices_s" in large.timings  # the lists were price-adjusted
    check_rules(large, mentors, mentees, large_conf)
    assert large.total == pytest.approx(exact.total, abs=1e-4)
    # The bound holds for the true optimum and is tight once nothing improves.
    assert large.upper_bound >= exact.total - 1e-6
    assert large.upper_bound <= exact.total * (1 + 1e-5)
    named = {u.person_id for u in large.unmatched if u.role == "mentee"}
    assert named == {p.id for p in mentees} - {p.mentee_id for p in large.pairs}


def test_large_path_stops_on_the_gap_tolerance_with_a_valid_bound() -> None:
    mentors, mentees = cohort(32, 150, 200)
    conf = rules(mentors, mentees)
    exact = match(mentors, mentees, TAXONOMY, conf)
    for tolerance in (1e-2, 1e-4):
        large = match(
            mentors,
            mentees,
            TAXONOMY,
            replace(conf, exact_pairs_limit=1, top_k=5, mentor_k=2, gap_tolerance=tolerance),
        )
        assert large.upper_bound >= exact.total - 1e-6
        assert large.total <= exact.total + 1e-6
        if large.timings["pricing_passes"] < conf.pricing_rounds:
            assert large.gap <= tolerance


def test_prices_from_nested_samples_keep_the_result_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tiny sample limits force a sample of a sample (price-adjusted lists inside).
    monkeypatch.setattr(price_estimate, "EXACT_SAMPLE_PAIRS", 50)
    monkeypatch.setattr(price_estimate, "SAMPLE_SHARE", 0.5)
    mentors, mentees = cohort(33, 120, 160)
    conf = rules(mentors, mentees)
    exact = match(mentors, mentees, TAXONOMY, conf)
    large_conf = replace(conf, exact_pairs_limit=1, top_k=4, mentor_k=1, gap_tolerance=0.0)
    large = match(mentors, mentees, TAXONOMY, large_conf)
    check_rules(large, mentors, mentees, large_conf)
    assert large.total == pytest.approx(exact.total, abs=1e-4)
    assert large.upper_bound >= exact.total - 1e-6
    again = match(mentors, mentees, TAXONOMY, large_conf)
    assert again.pairs == large.pairs  # deterministic


def test_mutual_min_programs_take_the_large_path_too() -> None:
    mentors, mentees = cohort(34, 60, 80)
    conf = rules(mentors, mentees, program_type="mutual")
    exact = match(mentors, mentees, TAXONOMY, conf)
    large = match(
        mentors,
        mentees,
        TAXONOMY,
        replace(conf, exact_pairs_limit=1, top_k=4, mentor_k=1, gap_tolerance=0.0),
    )
    assert large.total == pytest.approx(exact.total, abs=1e-4)
    assert large.upper_bound >= exact.total - 1e-6


def scipy_optimum(matrix: np.ndarray, caps: np.ndarray, locked: dict[int, int]) -> float:
    """Best total with scipy: mentor columns repeated by their free places."""
    free = [j for j in range(matrix.shape[0]) if j not in locked]
    places = caps - np.bincount(list(locked.values()), minlength=len(caps))
    columns = np.repeat(np.arange(len(caps)), places)
    sub = np.nan_to_num(matrix[np.ix_(free, columns)], nan=0.0)
    rows, cols = linear_sum_assignment(sub, maximize=True)
    return float(sub[rows, cols].sum()) + sum(float(matrix[j, i]) for j, i in locked.items())


@pytest.mark.parametrize("solver", ["dense", "auction"])
@pytest.mark.parametrize("seed", [1, 2])
def test_assign_with_locks_on_a_medium_set_equals_scipy(
    seed: int, solver: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if solver == "auction":
        monkeypatch.setattr(dense, "DENSE_CELLS", 0)
    rng = np.random.default_rng(seed)
    matrix = np.round(rng.random((320, 260)) * 10, 3)
    matrix[rng.random(matrix.shape) < 0.2] = np.nan
    caps = rng.integers(0, 3, size=260)
    locked = {0: 3, 5: 9} if caps[3] and caps[9] else {}
    for j, i in locked.items():
        matrix[j, i] = 4.0
    result = assign(matrix, capacities=caps, locked=list(locked.items()))
    assert ("auction_bids" in result.stats) == (solver == "auction")
    optimum = scipy_optimum(matrix, caps, locked)
    assert result.total == pytest.approx(optimum, abs=1e-4)
    assert result.upper_bound == pytest.approx(optimum, abs=1e-3)
    assert (np.bincount(result.mentor, minlength=260) <= caps).all()
    assert all(
        dict(zip(result.mentee, result.mentor, strict=True))[j] == i for j, i in locked.items()
    )


def test_large_path_gives_the_same_pairs_whatever_the_threads() -> None:
    mentors, mentees = cohort(35, 120, 160)
    conf = replace(rules(mentors, mentees), exact_pairs_limit=1, top_k=5, mentor_k=2)
    one = match(mentors, mentees, TAXONOMY, replace(conf, threads=1))
    two = match(mentors, mentees, TAXONOMY, replace(conf, threads=2))
    assert one.pairs == two.pairs
    assert one.upper_bound == two.upper_bound


def test_what_a_pricing_pass_proves_holds_for_every_pair_it_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The next pass skips the pairs this bound covers: it must hold for all of them.
    rng = np.random.default_rng(36)
    mentors = sorted(random_people(rng, "m", 90), key=lambda p: p.id)
    mentees = sorted(random_people(rng, "e", 120), key=lambda p: p.id)
    conf = Settings(exact_pairs_limit=1, top_k=3, mentor_k=1, gap_tolerance=0.0)
    scores = score_pairs(mentors, mentees, TAXONOMY, conf)
    eligible = np.isfinite(scores)
    weights = to_units(np.where(eligible, scores, 0.0))
    checked = []
    real_pass = refine._pricing_pass

    def checking_pass(*args: Any, **kwargs: Any) -> Any:
        priced = real_pass(*args, **kwargs)
        edges, found = args[1], priced.improving
        after = with_pairs(edges, found.mentee, found.mentor, found.adjusted)
        left_out = eligible.copy()
        left_out[after.mentee, after.mentor] = False
        j, i = np.nonzero(left_out)
        cover = priced.left_out.cut[j] + priced.left_out.price[i]
        assert (weights[j, i] <= cover).all()
        checked.append(len(j))
        return priced

    monkeypatch.setattr(refine, "_pricing_pass", checking_pass)
    result = match(mentors, mentees, TAXONOMY, conf)
    exact = match(mentors, mentees, TAXONOMY, replace(conf, exact_pairs_limit=10**9))
    assert len(checked) >= 2  # a pass after the first (whose search the bound narrows)
    assert all(checked)
    assert result.total == pytest.approx(exact.total, abs=1e-4)
    assert result.upper_bound >= exact.total - 1e-6
