"""The one bridge between the app and the matching engine.

ORM rows (enrolled people of a program with their profiles) become engine ``Person``
values, a program's settings become engine ``Settings``, and engine results come back as
plain data keyed by employee primary keys, ready for services and pages. Nothing else in the
app imports the engine.

What people read never depends on the sensitive attributes. The engine may use them (the
diversity criterion, where both people consented), but every score, contribution, reason and
order that a participant or a coordinator reads is computed without that criterion
(:func:`shown_settings`): a mentee who changes their own declared attribute and reads their
suggestions again sees exactly the same page, so nothing tells them what a mentor declared.
Coordinators are told whether the criterion counts, never how many pairs it brings
together (``templates/matching/_backgrounds.html`` says why).

The package, by concept: :mod:`.values` (ORM rows to engine values), :mod:`.pool` (the
people a program matches), :mod:`.results` (the plain data handed back), :mod:`.shown` (what
people read), :mod:`.runs` (a run, one pair, suggestions), :mod:`.swaps` and
:mod:`.swap_index` (a row's swaps, live or from the run's people encoded once),
and :mod:`.hours` (working hours in common).
"""

from .hours import working_hours_in_common
from .pool import Pool, Population, pool_for_program
from .results import (
    UNMATCHED_WORDS,
    MatchOutcome,
    PairForbidden,
    PairResult,
    SuggestionResult,
    UnmatchedResult,
)
from .runs import mentee_suggestions, pair_explain, pool_match
from .shown import shown_settings
from .swap_index import (
    SwapScoring,
    stored_cohort,
    stored_swap_scores,
    swap_cohort_bytes,
    swap_scoring,
)
from .swaps import people_of, swap_scores
from .values import person_for, settings_for, taxonomy_for

__all__ = [
    "UNMATCHED_WORDS",
    "MatchOutcome",
    "PairForbidden",
    "PairResult",
    "Pool",
    "Population",
    "SuggestionResult",
    "SwapScoring",
    "UnmatchedResult",
    "mentee_suggestions",
    "pair_explain",
    "people_of",
    "person_for",
    "pool_for_program",
    "pool_match",
    "settings_for",
    "shown_settings",
    "stored_cohort",
    "stored_swap_scores",
    "swap_cohort_bytes",
    "swap_scores",
    "swap_scoring",
    "taxonomy_for",
    "working_hours_in_common",
]
