"""Compile the engine's Numba kernels into their on-disk cache once, at install.

    python -m remento.matching.engine.warm

The smallest cohorts never load Numba (the dense path solves up to 64 x 64 in NumPy),
but larger ones use the dense path's compiled solver, and a cohort past
``exact_pairs_limit`` pairs takes the top-k path, whose kernels (search, auction, duals)
Numba compiles on first use: 10 to 20 s on a fresh checkout, then
cached next to the kernels' source (``kernels/__pycache__``, or ``NUMBA_CACHE_DIR``).
``make install`` runs this module after installing the packages, so that the first large
match of a fresh install costs what a later one does. It matches a small synthetic cohort
on the top-k path for each objective (the kernels are compiled for the argument types real
runs give them), then reads the duals of a dense solve.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace

import numpy as np

from .assignment import assign
from .match import match
from .model import Person, Settings, Taxonomy

SKILLS = tuple(f"skill-{i}" for i in range(12))


def _people(rng: np.random.Generator, prefix: str, count: int) -> list[Person]:
    chiefs = [f"{prefix}{i:03d}" for i in range(0, count, 10)]
    return [
        Person(
            id=f"{prefix}{i:03d}",
            level=int(rng.integers(1, 9)),
            department=f"dept-{int(rng.integers(0, 4))}",
            manager_chain=(chiefs[int(rng.integers(0, len(chiefs)))],),
            teaches={SKILLS[int(s)]: int(rng.integers(1, 6)) for s in rng.integers(0, 12, 3)},
            wants={SKILLS[int(s)]: int(rng.integers(1, 6)) for s in rng.integers(0, 12, 2)},
            interests=frozenset(f"i{int(x)}" for x in rng.integers(0, 6, 2)),
            extraversion=float(rng.integers(1, 6)),
            generation=("gen-z", "millennial", "gen-x")[int(rng.integers(0, 3))],
            timezone=float(rng.choice([-5.0, 0.0, 1.0, 5.5])),
            capacity=int(rng.integers(1, 3)),
            diversity={"gender": str(int(rng.integers(0, 3)))},
        )
        for i in range(count)
    ]


def compile_kernels() -> None:
    """Run every kernel once, on the argument types of real runs (compiling and caching
    it)."""
    rng = np.random.default_rng(0)
    mentors, mentees = _people(rng, "m", 300), _people(rng, "e", 300)
    taxonomy = Taxonomy(categories={s: f"cat-{int(s[-1]) % 3}" for s in SKILLS})
    blocked = frozenset({(mentors[0].id, mentees[1].id)})
    base = Settings(
        program_type="mutual",
        top_k=8,
        mentor_k=4,
        exact_pairs_limit=0,  # the top-k path, where the kernels are
        diversity_attributes=("gender",),
        blocked_pairs=blocked,
        threads=1,
    )
    for objective in ("total", "fairness", "stable"):
        match(mentors, mentees, taxonomy, replace(base, objective=objective))
    match(mentors, mentees, taxonomy, replace(base, program_type="reverse", min_level_gap=1))
    scores = rng.random((40, 30))
    scores[rng.random(scores.shape) < 0.2] = np.nan
    _ = assign(scores, capacities=rng.integers(0, 3, 30)).set_mentee_duals
    # The dense path's solver, from a score matrix and from a complete candidate set.
    scores = rng.random((90, 70))
    scores[rng.random(scores.shape) < 0.2] = np.nan
    _ = assign(scores, capacities=rng.integers(0, 3, 70)).set_mentee_duals
    match(mentors[:90], mentees[:70], taxonomy, replace(base, exact_pairs_limit=1_000_000))


def main() -> None:
    start = time.perf_counter()
    compile_kernels()
    took = time.perf_counter() - start
    sys.stdout.write(f"matching engine: kernels compiled and cached ({took:.1f} s)\n")


if __name__ == "__main__":
    main()
