"""Adding pairs to a candidate set: the ordered set takes them in place, with the result
that sorting everything again gives."""

from __future__ import annotations

import numpy as np
import pytest

from remento.matching.engine import edges as edges_module
from remento.matching.engine.edges import Edges, first_of_each_pair, with_pairs


def ordered_set(rng: np.random.Generator, n_mentees: int, n_mentors: int, n: int) -> Edges:
    mentee = rng.integers(0, n_mentees, n)
    mentor = rng.integers(0, n_mentors, n)
    keep = first_of_each_pair(mentee, mentor)
    return Edges(
        mentee=mentee[keep],
        mentor=mentor[keep],
        score=rng.random(len(keep)).astype(np.float32),
        n_mentees=n_mentees,
        n_mentors=n_mentors,
        tau=np.zeros(n_mentees),
        eligible_mentee=np.ones(n_mentees, dtype=bool),
        eligible_mentor=np.ones(n_mentors, dtype=bool),
    )


@pytest.mark.parametrize(("size", "added"), [(0, 3), (40, 0), (300, 200), (20_000, 3_000)])
def test_pairs_added_to_an_ordered_set_equal_sorting_everything_again(
    size: int, added: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(size)
    edges = ordered_set(rng, 60, 50, size)
    # New pairs, some twice, some already in the set (which keep their scores).
    mentee = np.concatenate([rng.integers(0, 60, added), edges.mentee[:4], [7, 7]])
    mentor = np.concatenate([rng.integers(0, 50, added), edges.mentor[:4], [3, 3]])
    score = rng.random(len(mentee))
    merged = with_pairs(edges, mentee, mentor, score)
    monkeypatch.setattr(edges_module, "_merged_in_order", lambda *_: None)
    sorted_again = with_pairs(edges, mentee, mentor, score)
    for name in ("mentee", "mentor", "score"):
        assert getattr(merged, name).dtype == getattr(sorted_again, name).dtype
        assert np.array_equal(getattr(merged, name), getattr(sorted_again, name))
