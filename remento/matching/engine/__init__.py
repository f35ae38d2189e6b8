"""The matching engine: a library with no Django in it.

Public API (stable; the Django adapter in ``remento.matching.adapters`` builds on it):

- data: :class:`Person`, :class:`Taxonomy`, :class:`Weights`, :class:`Settings`,
  :class:`MatchResult`, :class:`Pair`, :class:`Unmatched`, :class:`Explanation`,
  :class:`Reason`, :class:`Suggestion`, :class:`Summary`, :data:`CRITERIA`;
- :func:`match` — one call from people to pairs, exact or top-k with a certificate;
- :func:`score_pairs` (dense matrix), :func:`candidate_edges` (sparse :class:`Edges`);
- :func:`encode_cohort` — a cohort encoded once (:class:`EncodedCohort`, kept as bytes), to
  score one person against many of it later without the people;
- :func:`assign` — optimal assignment on a candidate set with capacities and locks;
- :func:`explain`, :func:`suggest`, :func:`stable_match`, :func:`summarize`;
- :func:`pair_score`, :func:`contributions` — one pair at a time;
- :func:`people_from_arrays` — people from columns (arrays or lists) instead of objects;
- :func:`category_key`, :func:`tidy_category` — how category values (departments,
  locations, generations) are compared ("Finance " and "finance" are one) and shown;
- time zones: :func:`utc_offset`, :func:`offset_diff`, :data:`WORKDAY_HOURS`,
  :data:`DEFAULT_TIMEZONE_REFERENCE` — how the engine reads and compares them;
- files: :func:`decode`, :func:`read_people`, :func:`read_program`, :func:`write_pairs`,
  :class:`InputError` — the CSV and TOML formats of ``remento match-csv``.

See docs/matching.md.
"""

from .assignment import Assignment, assign
from .categories import category_key, tidy_category
from .cohort import EncodedCohort, encode_cohort
from .columns import people_from_arrays
from .csvio import InputError, decode, read_people, read_program, write_pairs
from .edges import Edges
from .explain import explain
from .match import candidate_edges, match, score_pairs, suggest
from .model import (
    CRITERIA,
    DEFAULT_TIMEZONE_REFERENCE,
    LOCKED_ELSEWHERE,
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
    Explanation,
    MatchResult,
    Pair,
    Person,
    Reason,
    Settings,
    Suggestion,
    Summary,
    Taxonomy,
    Unmatched,
    Weights,
)
from .scoring import WORKDAY_HOURS, contributions, offset_diff, pair_score, utc_offset
from .stable import stable_match
from .summary import summarize

__all__ = [
    "CRITERIA",
    "DEFAULT_TIMEZONE_REFERENCE",
    "LOCKED_ELSEWHERE",
    "LOST_TO_BETTER_MATCH",
    "NO_CAPACITY",
    "NO_ELIGIBLE_PARTNER",
    "WORKDAY_HOURS",
    "Assignment",
    "Edges",
    "EncodedCohort",
    "Explanation",
    "InputError",
    "MatchResult",
    "Pair",
    "Person",
    "Reason",
    "Settings",
    "Suggestion",
    "Summary",
    "Taxonomy",
    "Unmatched",
    "Weights",
    "assign",
    "candidate_edges",
    "category_key",
    "contributions",
    "decode",
    "encode_cohort",
    "explain",
    "match",
    "offset_diff",
    "pair_score",
    "people_from_arrays",
    "read_people",
    "read_program",
    "score_pairs",
    "stable_match",
    "suggest",
    "summarize",
    "tidy_category",
    "utc_offset",
    "write_pairs",
]
