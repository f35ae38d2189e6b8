"""The sparse top-k searches (mentees against mentors, and mentors against the sparse
mentees): the same k best, in the same order, as sorting every exact score (ties by the
lower index), on any slice, with constant columns, forbidden pairs, short lists and any
thread count; and, per query, the same candidate lists as the dense (faiss) search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import Settings, search, sparse_search
from remento.matching.engine.constraints import sparse_exclusions
from remento.matching.engine.features import BIG, encode
from remento.matching.engine.kernels.search import keep_best
from tests.matching.engine.strategies import TAXONOMY, random_people


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
    values, index = sparse_search.knn(queries, base_t, lo, hi, k, threads, ends=ends, floors=floors)
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
    find = search.searcher(queries, base32)
    values, index = find(np.arange(len(queries)), 50, 850, 30, ends, None)
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


def grouped_problem(
    seed: int, n_q: int, n: int, exact: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Queries with four dense columns of few values (one-hot-like: the search adds them up
    once per group of queries that agree on them) and six sparse columns of many values
    (each query's own). ``exact``: quarter steps, so every sum is exact in float32."""
    rng = np.random.default_rng(seed)
    shared = rng.integers(0, 3, (n_q, 4)) / 2.0
    own = (rng.random((n_q, 6)) < 0.4) * (
        rng.integers(-40, 41, (n_q, 6)) / 4.0 if exact else rng.normal(size=(n_q, 6))
    )
    base = rng.integers(-4, 5, (n, 10)) / 4.0 if exact else rng.normal(size=(n, 10))
    return np.hstack([shared, own]), base


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n_q=st.integers(sparse_search.SHARED_MIN_QUERIES, 1500),
    n=st.integers(1, 3000),
    k=st.integers(1, 70),
    threads=st.integers(1, 3),
)
def test_groups_of_queries_get_each_its_own_best_k(
    seed: int, n_q: int, n: int, k: int, threads: int
) -> None:
    queries, base = grouped_problem(seed, n_q, n)
    rows = sparse_search.SparseRows.of(queries, with_groups=True)
    assert rows.n_shared.any()  # the groups are in use
    for g in np.unique(rows.group)[:20]:  # a group's queries agree on the shared columns
        members = np.flatnonzero(rows.group == g)
        first = rows.indptr[members[0]]
        head = rows.cols[first : first + rows.n_shared[members[0]]]
        assert (rows.n_shared[members] == len(head)).all()
        assert (queries[members][:, head] == queries[members[0], head]).all()
    base_t = np.ascontiguousarray(base.T, dtype=np.float32)
    values, index = sparse_search.knn(queries, base_t, 0, n, k, threads)
    assert_best_k(values, index, queries, base, k)


def test_groups_give_the_same_result_for_any_thread_count() -> None:
    # Scores not exact in float32: a query whose group a thread's share cuts in two must
    # still get the same bits.
    queries, base = grouped_problem(8, 1300, 5000, exact=False)
    base_t = np.ascontiguousarray(base.T, dtype=np.float32)
    one = sparse_search.knn(queries, base_t, 0, 5000, 40, 1)
    for threads in (2, 3):
        other = sparse_search.knn(queries, base_t, 0, 5000, 40, threads)
        assert np.array_equal(one[0], other[0])
        assert np.array_equal(one[1], other[1])


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.integers(-5, 5), min_size=1, max_size=200),
    data=st.data(),
)
def test_keep_best_puts_the_k_best_first(values: list[int], data: st.DataObject) -> None:
    k = data.draw(st.integers(1, len(values)))
    vals = np.array(values, dtype=np.float32)
    idx = np.random.default_rng(len(values)).permutation(len(values)).astype(np.int32)
    ranked = sorted(zip(-vals, idx, strict=True))  # best first, ties by the lower index
    keep_best(vals, idx, len(values), k)
    best = sorted(zip(-vals[:k], idx[:k], strict=True))
    assert best == ranked[:k]
    assert (-vals[k - 1], idx[k - 1]) == ranked[k - 1]


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

    def lists() -> list[search.Lists]:
        # Mentees against priced mentors (the forward lists), mentors against mentees.
        return [
            search.search_lists(
                queries=np.hstack([f.mentee, np.ones((400, 1))]), query_levels=f.mentee_levels,
                base=np.hstack([f.mentor, -prices]), base_levels=f.mentor_levels,
                feasible=search.mentor_range(conf), k=12, extra=by_mentee,
                key=lambda j, i: j * 300 + i, exclusions=exclusions,
            ),
            search.search_lists(
                queries=f.mentor, query_levels=f.mentor_levels, base=f.mentee,
                base_levels=f.mentee_levels, feasible=search.mentee_range(conf), k=4,
                extra=by_mentor, key=lambda i, j: j * 300 + i, exclusions=exclusions,
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
