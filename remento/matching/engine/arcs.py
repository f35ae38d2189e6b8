"""The arcs a solve works on: candidate pairs in integer weight units.

Scores are scaled to integer weights with :data:`SCALE` (totals exact to 1e-6 per pair),
plus one unit so that a zero-score pair still beats leaving both people alone. Locked
mentees and mentors without a place left take no part.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .edges import Edges

SCALE = 1_000_000
"""Weight units per score point."""


def to_units(score: np.ndarray) -> np.ndarray:
    """Scores as integer weights: ``SCALE`` per point, plus the unit bias."""
    return np.rint(score * SCALE).astype(np.int64) + 1


@dataclass
class FreeArcs:
    """The candidate pairs that are still open: ``index`` (their positions in the
    candidate set), ``mentee``, ``mentor`` and ``weight`` per arc; the mentees not locked
    (``free_mentees``); the places each mentor has left after the locks."""

    n_mentees: int
    n_mentors: int
    index: np.ndarray
    mentee: np.ndarray
    mentor: np.ndarray
    weight: np.ndarray
    free_mentees: np.ndarray
    places_left: np.ndarray

    @classmethod
    def of(cls, edges: Edges, places_left: np.ndarray, locked_mentees: np.ndarray) -> FreeArcs:
        keep = places_left[edges.mentor] > 0
        if locked_mentees.size:
            keep &= ~np.isin(edges.mentee, locked_mentees)
        index = np.flatnonzero(keep)
        free = np.ones(edges.n_mentees, dtype=bool)
        free[locked_mentees] = False
        return cls(
            n_mentees=edges.n_mentees,
            n_mentors=edges.n_mentors,
            index=index,
            mentee=edges.mentee[index],
            mentor=edges.mentor[index],
            weight=to_units(edges.score[index]),
            free_mentees=np.flatnonzero(free),
            places_left=places_left,
        )

    def __len__(self) -> int:
        return len(self.index)

    def subset(self, keep: np.ndarray) -> FreeArcs:
        """The arcs ``keep`` (positions or flags) only."""
        return replace(
            self,
            index=self.index[keep],
            mentee=self.mentee[keep],
            mentor=self.mentor[keep],
            weight=self.weight[keep],
        )
