"""The large path's mentor pass: a mentor with few candidates is offered the mentees it
can win (score less the mentee's value at the lists' prices), not those every mentor
wants."""

from __future__ import annotations

import numpy as np

from remento.matching.engine import Edges, Settings
from remento.matching.engine.candidates import dense_scores, top_k
from remento.matching.engine.constraints import sparse_exclusions
from remento.matching.engine.features import encode
from tests.matching.engine.strategies import TAXONOMY, random_people

MARGIN = 1e-4  # float32 searches


def _lists_and_truth(seed: int) -> tuple[Edges, np.ndarray, np.ndarray, Settings]:
    rng = np.random.default_rng(seed)
    mentors = sorted(random_people(rng, "m", 120), key=lambda p: p.id)
    mentees = sorted(random_people(rng, "e", 150), key=lambda p: p.id)
    conf = Settings(top_k=4, mentor_k=3, exact_pairs_limit=1)
    features = encode(mentors, mentees, TAXONOMY, conf)
    exclusions = sparse_exclusions(mentors, mentees, conf)
    prices = rng.uniform(0.0, 3.0, len(mentors))
    edges = top_k(features, conf, exclusions, prices=prices)
    return edges, dense_scores(features, conf, exclusions), prices, conf


def test_mentors_with_few_candidates_get_the_mentees_they_can_win() -> None:
    checked = 0
    for seed in range(3):
        edges, scores, prices, conf = _lists_and_truth(seed)
        price = np.asarray(prices, np.float32).astype(np.float64)
        adjusted = scores - price[None, :]
        # The forward lists: each mentee's top_k mentors by score less price.
        forward = np.zeros_like(scores, dtype=bool)
        for j in range(scores.shape[0]):
            ok = np.flatnonzero(np.isfinite(adjusted[j]))
            forward[j, ok[np.argsort(-adjusted[j, ok], kind="stable")[: conf.top_k]]] = True
        value = np.maximum(0.0, np.where(forward, adjusted, -np.inf).max(axis=1))
        in_set = np.zeros_like(forward)
        in_set[edges.mentee, edges.mentor] = True
        for i in np.flatnonzero(forward.sum(axis=0) < conf.mentor_k):
            won = scores[:, i] - value
            ok = np.flatnonzero(np.isfinite(won))
            if ok.size <= conf.mentor_k:
                assert in_set[ok, i].all()
                continue
            bar = np.sort(won[ok])[::-1][conf.mentor_k - 1]
            assert in_set[ok[won[ok] > bar + MARGIN], i].all()
            checked += 1
    assert checked > 0
