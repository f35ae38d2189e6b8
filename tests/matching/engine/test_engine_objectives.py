"""Fairness and stable objectives: right against brute force on tiny instances, and on the
large (top-k) path either proven over all pairs or reported as holding on the candidate
set only."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from remento.matching.engine import Edges, Person, Settings, assign, match, pair_score, summarize
from remento.matching.engine.constraints import ineligible_because
from remento.matching.engine.stable import preferences_from_edges
from tests.matching.engine.strategies import TAXONOMY, random_people

cells = st.one_of(st.just(np.nan), st.integers(0, 6).map(float))


def fair_brute_force(
    matrix: np.ndarray, caps: np.ndarray, locked: dict[int, int]
) -> tuple[int, float, float]:
    """(most free mentees matched, then the highest lowest free pair score, then the
    highest total of the free pairs), by trying every mentor (or none) for every free
    mentee. Locked pairs stay as they are and are not part of the minimum."""
    n_e, n_m = matrix.shape
    free = [j for j in range(n_e) if j not in locked]
    best = (0, 0.0, 0.0)
    for choice in itertools.product(range(-1, n_m), repeat=len(free)):
        load = np.bincount(list(locked.values()), minlength=n_m)
        scores = []
        for j, i in zip(free, choice, strict=True):
            if i < 0:
                continue
            if np.isnan(matrix[j, i]):
                break  # a forbidden pair: not a matching
            load[i] += 1
            scores.append(float(matrix[j, i]))
        else:
            if (load <= caps).all():
                best = max(best, (len(scores), min(scores, default=0.0), sum(scores)))
    return best


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    n_e = draw(st.integers(1, 4))
    n_m = draw(st.integers(1, 3))
    matrix = draw(arrays(np.float64, (n_e, n_m), elements=cells))
    caps = np.array(draw(st.lists(st.integers(0, 3), min_size=n_m, max_size=n_m)))
    locked: dict[int, int] = {}
    for j in range(n_e):
        i = draw(st.integers(-4, n_m - 1))
        if i >= 0 and caps[i] > np.bincount(list(locked.values()), minlength=n_m)[i]:
            locked[j] = i
    return matrix, caps, locked


@settings(max_examples=80, deadline=None)
@given(problem=problems())
def test_fairness_equals_brute_force_most_matched_then_max_min_then_total(
    problem: tuple[np.ndarray, np.ndarray, dict[int, int]],
) -> None:
    matrix, caps, locked = problem
    result = assign(matrix, capacities=caps, locked=list(locked.items()), objective="fairness")
    count, worst, total = fair_brute_force(matrix, caps, locked)
    free = ~result.locked
    assert int(free.sum()) == count
    if count:
        assert result.score[free].min() == pytest.approx(worst)
        assert result.score[free].sum() == pytest.approx(total)
    assert (np.bincount(result.mentor, minlength=len(caps)) <= caps).all()
    pairs = dict(zip(result.mentee.tolist(), result.mentor.tolist(), strict=True))
    for j, i in locked.items():
        assert pairs[j] == i


def test_fairness_never_leaves_someone_unmatched_to_raise_the_minimum() -> None:
    # Matching only mentee 0 would give a minimum of 9; matching both gives 1 and 9.
    matrix = np.array([[9.0, np.nan], [np.nan, 1.0]])
    fair = assign(matrix, objective="fairness")
    assert sorted(fair.score.tolist()) == [1.0, 9.0]


def blocking_pairs(
    result_pairs: dict[str, tuple[str, float]],
    mentors: list[Person],
    mentees: list[Person],
    conf: Settings,
) -> list[tuple[str, str]]:
    """Pairs, over all eligible pairs, that both would rather have (strictly, beyond
    float32 rounding) than what they got."""
    held: dict[str, list[float]] = {}
    for mentor_id, score in result_pairs.values():
        held.setdefault(mentor_id, []).append(score)
    out = []
    for mentee in mentees:
        mine = result_pairs[mentee.id][1] if mentee.id in result_pairs else -1.0
        for mentor in mentors:
            if mentor.capacity == 0 or ineligible_because(mentor, mentee, conf):
                continue
            s = pair_score(mentor, mentee, TAXONOMY, conf)
            taken = held.get(mentor.id, [])
            mentor_would = len(taken) < mentor.capacity or s > min(taken) + 1e-5
            if s > mine + 1e-5 and mentor_would:
                out.append((mentor.id, mentee.id))
    return out


def cohort(seed: int, n_mentors: int, n_mentees: int) -> tuple[list[Person], list[Person]]:
    rng = np.random.default_rng(seed)
    return random_people(rng, "m", n_mentors), random_people(rng, "e", n_mentees)


def test_stable_on_the_large_path_widens_its_lists_until_stability_is_proven() -> None:
    mentors, mentees = cohort(21, 30, 45)
    conf = Settings(objective="stable", exact_pairs_limit=1, top_k=2, mentor_k=1, widen_k=40)
    result = match(mentors, mentees, TAXONOMY, conf)
    assert result.method == "stable"
    assert result.caveats == ()
    got = {p.mentee_id: (p.mentor_id, p.score) for p in result.pairs}
    assert blocking_pairs(got, mentors, mentees, conf) == []
    exact = match(mentors, mentees, TAXONOMY, Settings(objective="stable"))
    # The same stable matching as on all pairs: ties (this cohort has some) rank by id
    # on both paths, whatever the last bits of each path's float sums.
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs} == {
        (p.mentee_id, p.mentor_id) for p in exact.pairs
    }


def test_stable_ranks_scores_equal_but_for_their_last_bits_by_id() -> None:
    tie = 2.75
    edges = Edges(
        mentee=np.array([0, 0, 1, 1]),
        mentor=np.array([0, 1, 0, 1]),
        score=np.array([tie + 4e-16, tie, tie, tie + 4e-16]),
        n_mentees=2,
        n_mentors=2,
        tau=np.full(2, -np.inf),
        eligible_mentee=np.ones(2, dtype=bool),
        eligible_mentor=np.ones(2, dtype=bool),
    )
    mentee_prefs, mentor_prefs = preferences_from_edges(edges, ["m0", "m1"], ["e0", "e1"])
    assert mentee_prefs == {"e0": ["m0", "m1"], "e1": ["m0", "m1"]}
    assert mentor_prefs == {"m0": ["e0", "e1"], "m1": ["e0", "e1"]}


def test_stable_gives_the_mentees_in_doubt_all_their_mentors_when_that_is_cheap() -> None:
    mentors, mentees = cohort(21, 30, 45)
    # 30 x 45 pairs is above exact_pairs_limit (large path), but a few mentees x 30
    # mentors is below it: after widen_k, those still in doubt get every mentor.
    conf = Settings(objective="stable", exact_pairs_limit=1000, top_k=2, mentor_k=1, widen_k=3)
    phases: list[str] = []
    result = match(mentors, mentees, TAXONOMY, conf, progress=phases.append)
    widenings = [p for p in phases if p.startswith("widening")]
    assert widenings[0].endswith("to 3 mentors")
    assert widenings[-1].endswith("to 30 mentors")
    assert result.caveats == ()
    got = {p.mentee_id: (p.mentor_id, p.score) for p in result.pairs}
    assert blocking_pairs(got, mentors, mentees, conf) == []


def test_stable_on_short_lists_says_it_holds_on_the_candidate_lists_only() -> None:
    mentors, mentees = cohort(21, 30, 45)
    # widen_k <= top_k: no widening, the lists stay at 2 mentors per mentee.
    conf = Settings(objective="stable", exact_pairs_limit=1, top_k=2, mentor_k=1, widen_k=2)
    result = match(mentors, mentees, TAXONOMY, conf)
    assert len(result.caveats) == 1
    assert "candidate lists only" in result.caveats[0]
    assert summarize(result).caveats == result.caveats


def test_fairness_on_the_large_path_equals_the_exact_answer_once_proven() -> None:
    mentors, mentees = cohort(22, 30, 40)
    exact = match(mentors, mentees, TAXONOMY, Settings(objective="fairness"))
    conf = Settings(objective="fairness", exact_pairs_limit=1, top_k=3, mentor_k=2, widen_k=40)
    large = match(mentors, mentees, TAXONOMY, conf)
    assert large.caveats == ()
    assert len(large.pairs) == len(exact.pairs)
    assert min(p.score for p in large.pairs) == pytest.approx(
        min(p.score for p in exact.pairs), abs=1e-5
    )
    assert large.total == pytest.approx(exact.total, abs=1e-4)


def test_fairness_on_short_lists_without_proof_says_so() -> None:
    mentors, mentees = cohort(22, 30, 40)
    conf = Settings(
        objective="fairness", exact_pairs_limit=1, top_k=1, mentor_k=0, widen_k=1, pricing_rounds=0
    )
    result = match(mentors, mentees, TAXONOMY, conf)
    assert any("candidate set only" in c for c in result.caveats)


def test_exact_path_has_no_caveats() -> None:
    mentors, mentees = cohort(23, 10, 12)
    for objective in ("total", "fairness", "stable"):
        assert match(mentors, mentees, TAXONOMY, Settings(objective=objective)).caveats == ()
