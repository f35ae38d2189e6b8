"""The scoring criteria: one table of key, label, help text, default weight and range.

The one source of truth for a program's weights. The engine's ``Weights`` defaults, the
CSV reader's ``[weights]`` table, the program model's default, the program plan's checks,
the coordinator's weights form and the bulk matching service all read it, so a label,
a default or a limit changes here and nowhere else. Plain Python: the apps import it as
they import any library (the engine imports no app).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Criterion:
    """One criterion a pair is scored on; its weight lies in ``[low, high]``."""

    key: str
    label: str
    default: float
    help_text: str = ""
    low: float = 0.0
    high: float = 10.0


# Reverse-mentoring defaults: what the mentee wants to learn matters most; a view across
# the organisation (different departments) and working hours in common come next, since
# pairs meet every couple of weeks for years of habits, not once.
TABLE: tuple[Criterion, ...] = (
    Criterion("skills", "Skills the mentee wants that the mentor can teach", 5.0),
    Criterion("interests", "Shared interests", 1.0),
    Criterion(
        "personality",
        "Introvert–extrovert balance",
        1.0,
        help_text="A quiet person with an outgoing one scores highest.",
    ),
    Criterion("gap", "Seniority and generation gap", 1.0),
    Criterion(
        "department",
        "Department rule",
        1.0,
        help_text="Different departments score, or the same one when the program prefers it.",
    ),
    Criterion(
        "timezone",
        "Working hours in common",
        1.5,
        help_text="The share of a 9-to-5 working day that both time zones have in common.",
    ),
    Criterion(
        "diversity",
        "Different backgrounds (consented data only)",
        0.5,
        help_text=(
            "Used in matching only where both people consented. Never part of a score or a "
            "reason anyone reads, and how many pairs it brings together is not shown on any "
            "page."
        ),
    ),
)
"""The criteria, in the order contributions are reported and pages show them."""

BY_KEY: dict[str, Criterion] = {criterion.key: criterion for criterion in TABLE}
KEYS: tuple[str, ...] = tuple(BY_KEY)
LABELS: dict[str, str] = {criterion.key: criterion.label for criterion in TABLE}
WEIGHT_MIN = min(criterion.low for criterion in TABLE)
WEIGHT_MAX = max(criterion.high for criterion in TABLE)

# The widest time-zone window a program may set (PROGRAM.toml and the program plan alike):
# a day, beyond which no two zones lie.
TIMEZONE_WINDOW_MAX_HOURS = 24

ALL_ZERO = (
    "Give at least one criterion a weight above 0: with every weight at 0 all pairs score "
    "the same and the matching has nothing to go by."
)


class WeightsError(ValueError):
    """A weight that breaks the table; ``key`` names the criterion (``None``: the set)."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def default_weights() -> dict[str, float]:
    """Every criterion's default weight, as a new dict (safe to change)."""
    return {criterion.key: criterion.default for criterion in TABLE}


def range_message(key: str, value: float) -> str:
    criterion = BY_KEY[key]
    return (
        f"The weight for “{criterion.label}” must be from {criterion.low:g} to "
        f"{criterion.high:g}, not {value:g}."
    )


def _missing(criterion: Criterion) -> str:
    return f"Give a weight for “{criterion.label}”."


def _number(criterion: Criterion, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise WeightsError(
            f"The weight for “{criterion.label}” must be a number, not {value!r}.",
            key=criterion.key,
        )
    number = float(value)
    if not math.isfinite(number) or not criterion.low <= number <= criterion.high:
        raise WeightsError(range_message(criterion.key, number), key=criterion.key)
    return number


def clean_weights(values: Mapping[str, Any], *, partial: bool = False) -> dict[str, float]:
    """``values`` checked against the table, as floats in the table's order.

    Unknown criteria, a missing one (unless ``partial``: then its default counts), a value
    that is not a number or lies outside its range, and every weight at 0 raise
    :class:`WeightsError` with a message a coordinator can act on.
    """
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise WeightsError(
            f"Unknown criteria: {', '.join(map(str, unknown))}; the criteria are {', '.join(KEYS)}."
        )
    cleaned: dict[str, float] = {}
    for criterion in TABLE:
        if criterion.key in values:
            cleaned[criterion.key] = _number(criterion, values[criterion.key])
        elif partial:
            cleaned[criterion.key] = criterion.default
        else:
            raise WeightsError(_missing(criterion), key=criterion.key)
    if not any(cleaned.values()):
        raise WeightsError(ALL_ZERO)
    return cleaned


def weights_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Every problem with ``values`` (see :func:`clean_weights`), by criterion key, so that
    each can be shown beside its weight; "" keys a problem of the set as a whole (unknown
    criteria, every weight at 0). Empty when the weights are fine."""
    problems: dict[str, str] = {}
    for criterion in TABLE:
        if criterion.key not in values:
            problems[criterion.key] = _missing(criterion)
            continue
        try:
            _number(criterion, values[criterion.key])
        except WeightsError as error:
            problems[criterion.key] = str(error)
    if not problems:
        try:
            clean_weights(values)
        except WeightsError as error:
            problems[error.key or ""] = str(error)
    return problems
