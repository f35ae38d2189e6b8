"""The sparse top-k search: the same k best mentors, in the same order, as sorting every
exact score (ties by the lower index), on any slice of the mentors, with constant columns,
forbidden pairs, short lists and any thread count; and the same candidate lists as the
dense (faiss) search inside top_k."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remento.matching.engine import Settings, sparse_search
from remento.matching.engine.candidates import top_k
from remento.matching.engine.constraints import sparse_exclusions
from remento.matching.engine.features import BIG, encode
from tests.matching.strategies import TAXONOMY, random_people


def expected(queries: np.ndarray, base: np.ndarray, lo: int, hi: int, k: int) -> list[np.ndarray]:
    scores = queries @ base[lo:hi].T
    out = []
    for row in scores:
        allowed = np.flatnonzero(row > -BIG / 2)
        out.append(allowed[np.lexsort((allowed, -row[allowed]))][:k])
    return out


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
    assert values.shape == index.shape == (n_q, k)
    scores = queries @ base[lo:hi].T
    for r, want in enumerate(expected(queries, base, lo, hi, k)):
        found = index[r][index[r] >= 0]
        assert found.tolist() == want.tolist()
        assert values[r][: len(found)] == pytest.approx(scores[r, want])
        assert (values[r][len(found) :] == -np.inf).all()


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


def test_top_k_lists_are_the_same_with_the_dense_search(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    mentors, mentees = random_people(rng, "m", 300), random_people(rng, "e", 400)
    conf = Settings(same_department="forbid", max_timezone_diff_hours=6, top_k=12, mentor_k=4)
    features = encode(mentors, mentees, TAXONOMY, conf)
    exclusions = sparse_exclusions(mentors, mentees, conf)
    assert sparse_search.is_sparse(features.mentee)
    prices = rng.random(len(mentors))
    sparse = top_k(features, conf, exclusions, prices=prices)
    monkeypatch.setattr(sparse_search, "SPARSE_SHARE", 0.0)  # every search by faiss
    dense = top_k(features, conf, exclusions, prices=prices)
    assert np.array_equal(sparse.mentee, dense.mentee)
    assert np.array_equal(sparse.mentor, dense.mentor)
    assert sparse.score == pytest.approx(dense.score, abs=1e-5)
    assert np.allclose(sparse.tau, dense.tau, atol=1e-5)
