"""The sparse top-k searches (mentees against mentors, and mentors against the sparse
mentees): the same k best, in the same order, as sorting every exact score (ties by the
lower index), on any slice, with constant columns, forbidden pairs, short lists and any
thread count; and, per query, the same candidate lists as the dense (faiss) search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import Settings, candidates, sparse_search
from remento.matching.engine.constraints import sparse_exclusions
from remento.matching.engine.features import BIG, encode
from tests.matching.strategies import TAXONOMY, random_people


def assert_best_k(
    values: np.ndarray,
    index: np.ndarray,
    queries: np.ndarray,
    base: np.ndarray,
    k: int,
    ends: np.ndarray | None = None,
    floors: np.ndarray | None = None,
) -> None:
    """Each query's row holds its k best allowed rows of ``base`` (the first ``ends[q]``
    only, those above ``floors[q]`` only) by exact score, best first, ties by the lower
    index, then -inf and -1."""
    assert values.shape == index.shape == (queries.shape[0], k)
    scores = queries @ base.T
    for r, row in enumerate(scores):
        allowed = np.flatnonzero(row > -BIG / 2)
        if ends is not None:
            allowed = allowed[allowed < ends[r]]
        if floors is not None:
            allowed = allowed[row[allowed] > floors[r]]
        want = allowed[np.lexsort((allowed, -row[allowed]))][:k]
        found = index[r][index[r] >= 0]
        assert found.tolist() == want.tolist()
        assert values[r][: len(found)] == pytest.approx(row[want])
        assert (values[r][len(found) :] == -np.inf).all()


def problem(seed: int, n_q: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Quarter steps: every product and sum is exact in float32, so ties are real ties.
    queries = (rng.random((n_q, d)) < 0.3) * rng.integers(-3, 4, (n_q, d)) / 2.0
    queries[:, 0] = 1.0  # a constant column, added once per mentor
    base = rng.integers(-4, 5, (n, d)) / 4.0
    base[rng.random(n) < 0.2, 0] = -BIG  # forbidden for every query
    return queries, base


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_q=st.integers(1, 300),
    n=st.integers(1, 2500),
    d=st.integers(1, 12),
    k=st.integers(1, 70),
    threads=st.integers(1, 3),
    data=st.data(),
)
def test_sparse_search_equals_sorting_every_score(
    seed: int, n_q: int, n: int, d: int, k: int, threads: int, data: st.DataObject
) -> None:
    queries, base = problem(seed, n_q, n, d)
    lo = data.draw(st.integers(0, n))
    hi = data.draw(st.integers(lo, n))
    base_t = np.ascontiguousarray(base.T, dtype=np.float32)
    values, index = sparse_search.knn(queries, base_t, lo, hi, k, threads)
    assert_best_k(values, index, queries, base[lo:hi], k)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_q=st.integers(1, 300),
    n=st.integers(1, 5000),
    d=st.integers(1, 12),
    k=st.integers(1, 40),
    threads=st.integers(1, 3),
    with_floors=st.booleans(),
    data=st.data(),
)
def test_each_query_stops_at_its_own_end_and_floor(
    seed: int,
    n_q: int,
    n: int,
    d: int,
    k: int,
    threads: int,
    with_floors: bool,
    data: st.DataObject,
) -> None:
    queries, base = problem(seed, n_q, n, d)
    lo = data.draw(st.integers(0, n))
    hi = data.draw(st.integers(lo, n))
    rng = np.random.default_rng(seed)
    ends = rng.integers(0, hi - lo + 2, size=n_q)  # some past the slice's end
    floors = rng.integers(-8, 8, size=n_q) / 4.0 if with_floors else None
    base_t = np.ascontiguousarray(base.T, dtype=np.float32)
    values, index = sparse_search.knn(queries, base_t, lo, hi, k, threads, ends, floors)
    assert_best_k(values, index, queries, base[lo:hi], k, ends, floors)


@pytest.mark.parametrize("sparse_side", ["queries", "base", "neither"])
def test_every_search_stops_each_query_at_its_own_end(sparse_side: str) -> None:
    queries, base = problem(5, 120, 900, 10)
    if sparse_side == "base":
        queries, base = base[:120] * (base[:120] > -BIG / 2), queries
        base = np.vstack([base] * 8)[:900]
    elif sparse_side == "neither":
        # Dense on both sides (faiss), without ties: faiss breaks them its own way.
        rng = np.random.default_rng(7)
        queries, base = rng.random((120, 10)), rng.random((900, 10))
    base32 = np.ascontiguousarray(base, dtype=np.float32)
    ends = np.random.default_rng(6).integers(0, 800, size=len(queries))
    search = candidates._searcher(queries, base32)
    values, index = search(np.arange(len(queries)), 50, 850, 30, ends, None)
    assert_best_k(values, index, queries, base[50:850], 30, ends)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_rows=st.integers(1, 2500),
    n_q=st.integers(1, 300),
    d=st.integers(1, 12),
    k=st.integers(1, 40),
    threads=st.integers(1, 3),
    data=st.data(),
)
def test_search_by_column_equals_sorting_every_score(
    seed: int, n_rows: int, n_q: int, d: int, k: int, threads: int, data: st.DataObject
) -> None:
    # Sparse rows (mentees) this time, dense queries (mentors).
    rows, queries = problem(seed, n_rows, n_q, d)
    lo = data.draw(st.integers(0, n_rows))
    hi = data.draw(st.integers(lo, n_rows))
    base = sparse_search.SparseRows.of(rows)
    values, index = sparse_search.knn_by_column(base, lo, hi, queries, k, threads)
    assert_best_k(values, index, queries, rows[lo:hi], k)


def test_thread_count_does_not_change_the_result() -> None:
    queries, base = problem(3, 700, 3000, 9)
    base_t = np.ascontiguousarray(base.T, dtype=np.float32)
    one = sparse_search.knn(queries, base_t, 100, 2900, 20, 1)
    three = sparse_search.knn(queries, base_t, 100, 2900, 20, 3)
    assert np.array_equal(one[0], three[0])
    assert np.array_equal(one[1], three[1])


def test_only_sparse_queries_take_this_search() -> None:
    assert sparse_search.is_sparse(np.eye(10))
    assert not sparse_search.is_sparse(np.ones((10, 10)))
    assert not sparse_search.is_sparse(np.zeros((0, 10)))


def test_candidate_lists_are_the_same_with_the_dense_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(11)
    mentors, mentees = random_people(rng, "m", 300), random_people(rng, "e", 400)
    conf = Settings(same_department="forbid", max_timezone_diff_hours=6)
    f = encode(mentors, mentees, TAXONOMY, conf)
    exclusions = sparse_exclusions(mentors, mentees, conf)
    assert sparse_search.is_sparse(f.mentee)
    assert not sparse_search.is_sparse(f.mentor)
    prices = rng.random((300, 1))
    by_mentee = np.bincount(exclusions // 300, minlength=400)
    by_mentor = np.bincount(exclusions % 300, minlength=300)

    def lists() -> list[candidates._Lists]:
        # Mentees against priced mentors (the forward lists), mentors against mentees.
        return [
            candidates._search_lists(
                np.hstack([f.mentee, np.ones((400, 1))]), f.mentee_levels,
                np.hstack([f.mentor, -prices]), f.mentor_levels,
                candidates._mentor_range(conf), 12, by_mentee, lambda j, i: j * 300 + i,
                exclusions,
            ),
            candidates._search_lists(
                f.mentor, f.mentor_levels, f.mentee, f.mentee_levels,
                candidates._mentee_range(conf), 4, by_mentor, lambda i, j: j * 300 + i,
                exclusions,
            ),
        ]  # fmt: skip

    sparse = lists()
    monkeypatch.setattr(sparse_search, "SPARSE_SHARE", 0.0)  # every search by faiss
    dense = lists()
    # Per query the same scores (float32 sums in another order may break an exact tie
    # the other way, so the partners may differ where scores are equal) and cut-offs.
    for ours, theirs, n_queries in zip(sparse, dense, (400, 300), strict=True):
        assert len(ours.score) == len(theirs.score)
        for q in range(n_queries):
            mine = np.sort(ours.score[ours.query == q])
            other = np.sort(theirs.score[theirs.query == q])
            assert mine == pytest.approx(other, abs=1e-5)
        assert np.allclose(ours.tau, theirs.tau, atol=1e-5)
