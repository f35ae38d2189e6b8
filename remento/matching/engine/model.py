"""The engine's vocabulary: people, the skills taxonomy, program settings and results.

Plain frozen dataclasses so that callers (the Django adapter, the CSV command, the
benchmark) build them from whatever they hold. Nothing here knows about a database.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal

from .criteria import KEYS, clean_weights, default_weights

CRITERIA: tuple[str, ...] = KEYS
"""The scoring criteria, in the order contributions are reported (see ``criteria.TABLE``)."""

ProgramType = Literal["reverse", "traditional", "mutual"]
DepartmentRule = Literal["forbid", "allow", "prefer"]
Objective = Literal["total", "fairness", "stable"]

NO_ELIGIBLE_PARTNER = "no eligible partner"
LOST_TO_BETTER_MATCH = "lost to a better overall match"
NO_CAPACITY = "capacity 0: takes no mentee"
LOCKED_ELSEWHERE = "every eligible partner is taken by a locked pair"

# Offsets of IANA zones change with daylight saving time; a fixed instant keeps the
# engine deterministic. Callers that care pass the program's start.
DEFAULT_TIMEZONE_REFERENCE = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    """One participant, on either side.

    ``teaches`` maps a skill id to a proficiency (1–5); ``wants`` maps a skill id to a
    priority (1–5). ``manager_chain`` lists the ids of the managers above the person,
    nearest first. ``timezone`` is an IANA name ("Europe/Paris") or a UTC offset in hours
    (``5.5`` or the string ``"+05:30"``). ``diversity`` holds only attributes the person
    consented to share. ``capacity`` is how many mentees a mentor takes at once; mentees
    always get at most one partner.
    """

    id: str
    name: str = ""
    level: int = 0
    department: str | None = None
    manager_chain: tuple[str, ...] = ()
    teaches: Mapping[str, int] = field(default_factory=dict)
    wants: Mapping[str, int] = field(default_factory=dict)
    interests: frozenset[str] = frozenset()
    extraversion: float | None = None
    generation: str | None = None
    timezone: str | float | None = None
    hours_per_month: float | None = None
    capacity: int = 1
    diversity: Mapping[str, str] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Taxonomy:
    """Skill categories (for partial credit) and display names (for explanations).

    A wanted skill taught exactly scores its full proficiency; a different skill of the
    same category scores ``related_credit`` times its proficiency.
    """

    categories: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    related_credit: float = 0.5

    def category(self, skill: str) -> str | None:
        return self.categories.get(skill)

    def name(self, skill: str) -> str:
        return self.names.get(skill) or skill.replace("-", " ").replace("_", " ")


_DEFAULTS = default_weights()


@dataclass(frozen=True)
class Weights:
    """The weight of each criterion; each criterion's score lies in [0, 1].

    Defaults come from the criteria table (``criteria.TABLE``), the program's defaults
    too. The engine itself takes any weight >= 0 (all 0 included); a program's settings
    are held to the table's ranges by :meth:`Settings.from_mapping`.
    """

    skills: float = _DEFAULTS["skills"]
    interests: float = _DEFAULTS["interests"]
    personality: float = _DEFAULTS["personality"]
    gap: float = _DEFAULTS["gap"]
    department: float = _DEFAULTS["department"]
    timezone: float = _DEFAULTS["timezone"]
    diversity: float = _DEFAULTS["diversity"]

    def __post_init__(self) -> None:
        for name in CRITERIA:
            _require_finite_number(f"weight {name}", getattr(self, name), low=0.0)

    def as_dict(self) -> dict[str, float]:
        return {c: float(getattr(self, c)) for c in CRITERIA}


def _require_whole_number(name: str, value: Any, *, low: int, optional: bool = False) -> None:
    """Raise ValueError unless ``value`` is an int (not a bool) >= ``low`` (or ``None``
    when ``optional``)."""
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, not {value}")


def _require_finite_number(name: str, value: Any, *, low: float, optional: bool = False) -> None:
    """Raise ValueError unless ``value`` is a finite real (not a bool) >= ``low`` (or
    ``None`` when ``optional``)."""
    if optional and value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
    ):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if value < low:
        raise ValueError(f"{name} must be >= {low:g}, not {value:g}")


def _id_pairs(name: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a collection of (mentor id, mentee id) pairs")
    out = []
    for pair in value:
        if (
            isinstance(pair, str | bytes)
            or not isinstance(pair, Iterable)
            or len(items := tuple(pair)) != 2
            or not all(isinstance(x, str) for x in items)
        ):
            raise ValueError(f"{name}: {pair!r} is not a (mentor id, mentee id) pair of strings")
        out.append((items[0], items[1]))
    return out


@dataclass(frozen=True)
class Settings:
    """Program settings: weights, hard constraints, program type and solver knobs.

    Hard constraints: ``min_level_gap`` (reverse: mentor level <= mentee level - gap;
    traditional: mentor level >= mentee level + gap; mutual: none), the reporting line
    (neither person in the other's manager chain, up to ``reporting_line_depth`` levels,
    ``None`` = any depth, ``0`` = not checked), ``same_department`` ("forbid" excludes
    same-department pairs; "prefer" rewards them; "allow" rewards cross-department pairs
    mildly through the department weight), ``max_timezone_diff_hours``, ``blocked_pairs``
    (mentor id, mentee id). ``locked_pairs`` are kept in every result; :func:`match`
    refuses a locked pair that breaks a hard constraint (naming the rule), a mentee locked
    twice and locks beyond a mentor's capacity.

    Every value is checked here (type and range): a bad one raises ``ValueError`` naming
    the setting. ``widen_k`` is the longer candidate list per mentee that the stable and
    fairness objectives fall back to on the large (top-k) path when the first lists cannot
    prove the result right over all pairs.
    """

    weights: Weights = field(default_factory=Weights)
    program_type: ProgramType = "reverse"
    min_level_gap: int = 1
    reporting_line_depth: int | None = None
    same_department: DepartmentRule = "allow"
    max_timezone_diff_hours: float | None = None
    blocked_pairs: frozenset[tuple[str, str]] = frozenset()
    locked_pairs: tuple[tuple[str, str], ...] = ()
    mutual_combine: Literal["min", "mean"] = "min"
    diversity_attributes: tuple[str, ...] = ()
    level_span: int = 6
    timezone_reference: datetime = DEFAULT_TIMEZONE_REFERENCE
    objective: Objective = "total"
    unmatched_penalty: float = 0.0
    exact_pairs_limit: int = 1_000_000
    top_k: int = 50
    mentor_k: int = 10
    widen_k: int = 200
    pricing_rounds: int = 8
    gap_tolerance: float = 1e-4
    threads: int | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from plain values (a parsed PROGRAM.toml, a saved program).

        ``weights`` may be a mapping of criterion -> weight: a missing criterion takes its
        default, and the set is held to the criteria table (each weight in its range, not
        all 0; ``criteria.WeightsError`` says which). Unknown keys and bad values raise
        ``ValueError`` naming the setting.
        """
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(
                f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        given = dict(values)
        weights = given.get("weights", {})
        if not isinstance(weights, Weights):
            if not isinstance(weights, Mapping):
                raise ValueError(f"weights must be a table of {', '.join(CRITERIA)}")
            given["weights"] = Weights(**clean_weights(weights, partial=True))
        return cls(**given)

    def __post_init__(self) -> None:
        if not isinstance(self.weights, Weights):
            raise ValueError(f"weights must be a Weights, not {self.weights!r}")
        if self.program_type not in ("reverse", "traditional", "mutual"):
            raise ValueError(
                f"program_type must be reverse, traditional or mutual, not {self.program_type!r}"
            )
        if self.same_department not in ("forbid", "allow", "prefer"):
            raise ValueError(
                f"same_department must be forbid, allow or prefer, not {self.same_department!r}"
            )
        if self.mutual_combine not in ("min", "mean"):
            raise ValueError(f"mutual_combine must be min or mean, not {self.mutual_combine!r}")
        if self.objective not in ("total", "fairness", "stable"):
            raise ValueError(f"objective must be total, fairness or stable, not {self.objective!r}")
        _require_whole_number("min_level_gap", self.min_level_gap, low=0)
        _require_whole_number(
            "reporting_line_depth", self.reporting_line_depth, low=0, optional=True
        )
        _require_finite_number(
            "max_timezone_diff_hours", self.max_timezone_diff_hours, low=0.0, optional=True
        )
        _require_whole_number("level_span", self.level_span, low=1)
        _require_whole_number("top_k", self.top_k, low=1)
        _require_whole_number("mentor_k", self.mentor_k, low=0)
        _require_whole_number("widen_k", self.widen_k, low=1)
        _require_whole_number("pricing_rounds", self.pricing_rounds, low=0)
        _require_whole_number("exact_pairs_limit", self.exact_pairs_limit, low=0)
        _require_whole_number("threads", self.threads, low=1, optional=True)
        _require_finite_number("gap_tolerance", self.gap_tolerance, low=0.0)
        _require_finite_number("unmatched_penalty", self.unmatched_penalty, low=0.0)
        if not isinstance(self.timezone_reference, datetime):
            raise ValueError(
                f"timezone_reference must be a datetime, not {self.timezone_reference!r}"
            )
        if self.timezone_reference.tzinfo is None:
            raise ValueError("timezone_reference must be timezone-aware")
        attributes = self.diversity_attributes
        if isinstance(attributes, str | bytes) or not isinstance(attributes, Iterable):
            raise ValueError(
                f"diversity_attributes must be a list of attribute names, not {attributes!r}"
            )
        attributes = tuple(attributes)
        for attribute in attributes:
            if not isinstance(attribute, str) or not attribute:
                raise ValueError(f"diversity attribute {attribute!r} is not a name")
        # Normalise collections so that a Settings is hashable and compares by value.
        object.__setattr__(self, "diversity_attributes", attributes)
        object.__setattr__(
            self, "blocked_pairs", frozenset(_id_pairs("blocked_pairs", self.blocked_pairs))
        )
        object.__setattr__(
            self, "locked_pairs", tuple(_id_pairs("locked_pairs", self.locked_pairs))
        )


@dataclass(frozen=True)
class Pair:
    mentor_id: str
    mentee_id: str
    score: float
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    person_id: str
    role: Literal["mentor", "mentee"]
    reason: str


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`match`.

    ``upper_bound`` is a proven upper bound on the best total over *all* eligible pairs
    (an LP dual certificate), so ``gap = (upper_bound - total) / upper_bound`` bounds how
    far the result can be from the optimum. ``method`` is "exact" (all pairs), "top-k"
    (candidate set), "fairness" or "stable". ``caveats`` says, in words, where a guarantee
    holds only on the candidate set (fairness or stability on large inputs).
    """

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    total: float
    upper_bound: float
    method: str
    candidate_edges: int
    timings: Mapping[str, float] = field(default_factory=dict)
    caveats: tuple[str, ...] = ()

    @property
    def gap(self) -> float:
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.total) / self.upper_bound)


@dataclass(frozen=True)
class Reason:
    criterion: str
    text: str
    contribution: float


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it scores: contributions add up to ``score``."""

    mentor_id: str
    mentee_id: str
    score: float
    contributions: Mapping[str, float]
    reasons: tuple[Reason, ...]
    warnings: tuple[str, ...]
    eligible: bool
    ineligible_because: str | None = None


@dataclass(frozen=True)
class Suggestion:
    mentor_id: str
    score: float
    explanation: Explanation


@dataclass(frozen=True)
class Summary:
    pairs: int
    total: float
    minimum: float
    p10: float
    median: float
    mean: float
    unmatched_mentees: int
    unmatched_mentors: int
    unmatched_by_department: Mapping[str, int]
    upper_bound: float
    gap: float
    caveats: tuple[str, ...] = ()
