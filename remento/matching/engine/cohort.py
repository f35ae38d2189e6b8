"""A cohort encoded once, so that any of its pairs can be scored later without the people.

A run's swap search scores one row against every other pair of the run: the other mentors
with the row's mentee, the row's mentor with the other mentees. Reading and encoding
thousands of people for that on every search costs what the run's size costs, so the
worker encodes the run's people once (:func:`encode_cohort`) and keeps the bytes
(:meth:`EncodedCohort.to_bytes`); a search reads them back and scores one person against
many as sparse matrix-vector products (:meth:`EncodedCohort.mentors_with`,
:meth:`EncodedCohort.mentees_with`), with the rules of :func:`~.match.score_pairs`:
``-inf`` where the level, department, time-zone or reporting-line rule (or a blocked pair,
or one person on both sides) forbids the pair.

The feature rows are kept sparse, in float64 (a mentee's row is mostly zeros: one-hot
categories, a few wanted skills), so a run of 6,000 pairs is about 5 MB rather than 14.
The scores are those :func:`~.match.score_pairs` gives the same two people under the same
settings (a pair's encoding does not depend on who else is in the cohort), up to the order
of the floating-point additions; the caller keeps the settings' fingerprint with the
bytes, as the level rule is read from the settings passed when scoring.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .constraints import sparse_exclusions
from .features import BIG, encode, levels_allowed
from .model import Person, Settings, Taxonomy

# The matrices kept, by name: a pair's score is ``mentor_x · mentee_x`` (plus, in mutual
# programs scored by the "min", ``skills_weight * min(forward, backward)``).
_MAIN = ("mentor", "mentee")
_MUTUAL = ("forward_mentor", "forward_mentee", "backward_mentor", "backward_mentee")


@dataclass
class EncodedCohort:
    """Both sides of a cohort as sparse feature rows (row ``i`` of the mentors is
    ``mentor_ids[i]``): ``matrices`` by the names above, the levels, and the sparse
    exclusions (``mentee_index * len(mentor_ids) + mentor_index``, sorted)."""

    mentor_ids: list[str]
    mentee_ids: list[str]
    matrices: dict[str, sparse.csr_array]
    mentor_levels: np.ndarray
    mentee_levels: np.ndarray
    exclusions: np.ndarray
    skills_weight: float
    has_penalty: bool

    def mentors_with(self, mentee: int, mentors: np.ndarray, settings: Settings) -> np.ndarray:
        """Scores of each of ``mentors`` (rows) with the mentee of row ``mentee``."""
        scores = self._products("mentor", "mentee", mentee, mentors)
        allowed = levels_allowed(self.mentor_levels[mentors], self.mentee_levels[mentee], settings)
        keys = mentee * len(self.mentor_ids) + mentors
        return self._ruled(scores, allowed, keys)

    def mentees_with(self, mentor: int, mentees: np.ndarray, settings: Settings) -> np.ndarray:
        """Scores of the mentor of row ``mentor`` with each of ``mentees`` (rows)."""
        scores = self._products("mentee", "mentor", mentor, mentees)
        allowed = levels_allowed(self.mentor_levels[mentor], self.mentee_levels[mentees], settings)
        keys = mentees * len(self.mentor_ids) + mentor
        return self._ruled(scores, allowed, keys)

    def _products(self, many: str, one: str, row: int, rows: np.ndarray) -> np.ndarray:
        """Dot products of side ``one``'s row ``row`` with side ``many``'s ``rows``."""
        m = self.matrices

        def dot(many_name: str, one_name: str) -> np.ndarray:
            vector = m[one_name][[row]].toarray()[0]
            # The whole side times the vector, then the rows wanted: the same sums, each
            # row's in the same order, without copying those rows out of the matrix first.
            return np.asarray(m[many_name] @ vector, dtype=np.float64)[rows]

        scores = dot(many, one)
        if "forward_mentor" in m:
            # forward: mentors teach mentees; backward: mentees teach mentors.
            forward = dot(f"forward_{many}", f"forward_{one}")
            backward = dot(f"backward_{_other(many)}", f"backward_{_other(one)}")
            scores = scores + self.skills_weight * np.minimum(forward, backward)
        return scores

    def _ruled(self, scores: np.ndarray, allowed: np.ndarray, keys: np.ndarray) -> np.ndarray:
        allowed = np.asarray(allowed, dtype=bool).copy()
        if self.has_penalty:
            allowed &= scores > -BIG / 2
        if self.exclusions.size:  # sorted: a binary search per pair
            at = np.minimum(np.searchsorted(self.exclusions, keys), self.exclusions.size - 1)
            allowed &= self.exclusions[at] != keys
        return np.where(allowed, scores, -np.inf)

    def to_bytes(self) -> bytes:
        """The cohort as NumPy arrays in one ``.npz`` (no pickled objects)."""
        arrays: dict[str, np.ndarray] = {
            "mentor_ids": np.array(self.mentor_ids, dtype=str),
            "mentee_ids": np.array(self.mentee_ids, dtype=str),
            "mentor_levels": self.mentor_levels,
            "mentee_levels": self.mentee_levels,
            "exclusions": self.exclusions,
            "skills_weight": np.array(self.skills_weight),
            "has_penalty": np.array(self.has_penalty),
        }
        for name, matrix in self.matrices.items():
            arrays[f"{name}.data"] = matrix.data
            arrays[f"{name}.indices"] = matrix.indices
            arrays[f"{name}.indptr"] = matrix.indptr
            arrays[f"{name}.shape"] = np.array(matrix.shape, dtype=np.int64)
        out = io.BytesIO()
        np.savez(out, allow_pickle=False, **arrays)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> EncodedCohort:
        """The cohort :meth:`to_bytes` wrote."""
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            a = {name: stored[name] for name in stored.files}
        matrices = {
            name: sparse.csr_array(
                (a[f"{name}.data"], a[f"{name}.indices"], a[f"{name}.indptr"]),
                shape=tuple(int(n) for n in a[f"{name}.shape"]),
            )
            for name in _MAIN + _MUTUAL
            if f"{name}.data" in a
        }
        return cls(
            mentor_ids=a["mentor_ids"].tolist(),
            mentee_ids=a["mentee_ids"].tolist(),
            matrices=matrices,
            mentor_levels=a["mentor_levels"],
            mentee_levels=a["mentee_levels"],
            exclusions=a["exclusions"],
            skills_weight=float(a["skills_weight"]),
            has_penalty=bool(a["has_penalty"]),
        )


def _other(side: str) -> str:
    return "mentee" if side == "mentor" else "mentor"


def encode_cohort(
    mentors: Sequence[Person], mentees: Sequence[Person], taxonomy: Taxonomy, settings: Settings
) -> EncodedCohort:
    """Encode a cohort once, to score any of its pairs later (:class:`EncodedCohort`)."""
    features = encode(mentors, mentees, taxonomy, settings)
    matrices = {"mentor": features.mentor, "mentee": features.mentee}
    if features.mutual_min is not None:
        forward, backward = features.mutual_min
        parts = (forward.mentor, forward.mentee, backward.mentor, backward.mentee)
        matrices.update(zip(_MUTUAL, parts, strict=True))
    return EncodedCohort(
        mentor_ids=[p.id for p in mentors],
        mentee_ids=[p.id for p in mentees],
        matrices={name: sparse.csr_array(matrix) for name, matrix in matrices.items()},
        mentor_levels=features.mentor_levels,
        mentee_levels=features.mentee_levels,
        exclusions=sparse_exclusions(mentors, mentees, settings),
        skills_weight=features.skills_weight,
        has_penalty=features.has_penalty,
    )
