"""A run's people encoded once for its swap search (the worker), and scored from the bytes
(a page).

``swap_scores`` reads and encodes every person of the run on each search, which costs
what the run's size costs. Here the worker encodes the run's mentors and mentees once,
exactly as ``swap_scores`` reads them (``people_of``, the shown settings), into the
engine's ``EncodedCohort`` bytes; a search scores its row against the other pairs from
those bytes as one matrix product, and reads no person. The bytes hold with the
fingerprint of the settings and skills they were encoded under (``SwapScoring``): a
search uses them only while the program's are the same.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime

import numpy as np
from django.db.models import Q

from remento.enrollment.models import EnrollmentRole
from remento.matching import engine
from remento.matching.engine import Settings, Taxonomy
from remento.matching.models import SwapIndex
from remento.programs.models import Program

from .shown import shown_settings
from .swaps import ROUNDING_NUDGE, people_of
from .values import settings_for, taxonomy_for


@dataclass(frozen=True)
class SwapScoring:
    """What a swap is scored under in ``program``: the shown settings, the organisation's
    skills, and their fingerprint (a hash that changes when either does)."""

    settings: Settings
    taxonomy: Taxonomy
    fingerprint: str


def swap_scoring(program: Program) -> SwapScoring:
    """The settings and skills a swap of ``program`` is scored under (one query)."""
    settings = shown_settings(settings_for(program))
    taxonomy = taxonomy_for(program.organization_id)
    described = {
        "settings": {item.name: _plain(getattr(settings, item.name)) for item in fields(settings)},
        "categories": sorted(taxonomy.categories.items()),
        "related_credit": taxonomy.related_credit,
    }
    text = json.dumps(described, sort_keys=True, default=str)
    return SwapScoring(settings, taxonomy, hashlib.sha256(text.encode()).hexdigest())


def _plain(value: object) -> str:
    """A setting as text that is the same for equal values: a program's choice (a str
    enum member) as its value, a set in order."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, frozenset):
        return repr(sorted(value))
    return repr(value)


def swap_cohort_bytes(program: Program, scoring: SwapScoring, *, mentors: Q, mentees: Q) -> bytes:
    """The people ``mentors`` and ``mentees`` select, read as ``swap_scores`` reads them
    and encoded under ``scoring``, as the engine's ``EncodedCohort`` bytes (the worker)."""
    their_mentors = people_of(program, mentors, EnrollmentRole.MENTOR)
    their_mentees = people_of(program, mentees, EnrollmentRole.MENTEE)
    cohort = engine.encode_cohort(
        list(their_mentors.values()),
        list(their_mentees.values()),
        scoring.taxonomy,
        scoring.settings,
    )
    return cohort.to_bytes()


@dataclass(frozen=True)
class StoredCohort:
    """A run's cohort as the engine encoded it, with each side's employee pks sorted
    (``*_pks``) and the cohort row of each (``*_rows``), to find a run's people at once."""

    cohort: engine.EncodedCohort
    mentor_pks: np.ndarray
    mentor_rows: np.ndarray
    mentee_pks: np.ndarray
    mentee_rows: np.ndarray


def _sorted_pks(ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    pks = np.array(ids, dtype=str).astype(np.int64) if ids else np.zeros(0, dtype=np.int64)
    order = np.argsort(pks, kind="stable")
    return pks[order], order


def _rows_of(pks: np.ndarray, rows: np.ndarray, wanted: np.ndarray) -> np.ndarray | None:
    """The cohort rows of the ``wanted`` pks, or None when one of them is not there."""
    if not pks.size:
        return None if wanted.size else wanted
    at = np.minimum(np.searchsorted(pks, wanted), pks.size - 1)
    if not np.array_equal(pks[at], wanted):
        return None
    return rows[at]


@functools.lru_cache(maxsize=4)
def stored_cohort(index_pk: int, computed_at: datetime) -> StoredCohort:
    """A run's stored cohort (``SwapIndex`` ``index_pk``, written at ``computed_at``),
    read and decoded once per process: a coordinator opens one row's swaps after another
    in the same run. An index written again has another ``computed_at``, so is read anew;
    a few runs are kept (about 6 MB each for 6,000 pairs)."""
    data = SwapIndex.objects.values_list("data", flat=True).get(pk=index_pk)
    cohort = engine.EncodedCohort.from_bytes(bytes(data))
    mentor_pks, mentor_rows = _sorted_pks(cohort.mentor_ids)
    mentee_pks, mentee_rows = _sorted_pks(cohort.mentee_ids)
    return StoredCohort(cohort, mentor_pks, mentor_rows, mentee_pks, mentee_rows)


def stored_swap_scores(
    stored: StoredCohort,
    scoring: SwapScoring,
    *,
    row: tuple[int, int],
    mentors: np.ndarray,
    mentees: np.ndarray,
) -> tuple[np.ndarray, np.ndarray] | None:
    """As ``swap_scores``, from a run's stored cohort, as two arrays: for the row (A, a)
    and each other pair (B, b) (``mentors[k]``, ``mentees[k]``: employee pks), the score
    of B with a and of A with b, to 4 decimals, ``-inf`` where a rule forbids the pair.
    None when one of these people is not in the stored cohort (then score them live)."""
    row_mentor = _rows_of(stored.mentor_pks, stored.mentor_rows, np.array([row[0]]))
    row_mentee = _rows_of(stored.mentee_pks, stored.mentee_rows, np.array([row[1]]))
    their_mentors = _rows_of(stored.mentor_pks, stored.mentor_rows, mentors)
    their_mentees = _rows_of(stored.mentee_pks, stored.mentee_rows, mentees)
    if row_mentor is None or row_mentee is None or their_mentors is None or their_mentees is None:
        return None
    cohort, settings = stored.cohort, scoring.settings
    takes = cohort.mentors_with(int(row_mentee[0]), their_mentors, settings)
    gives = cohort.mentees_with(int(row_mentor[0]), their_mentees, settings)
    return np.round(takes + ROUNDING_NUDGE, 4), np.round(gives + ROUNDING_NUDGE, 4)
