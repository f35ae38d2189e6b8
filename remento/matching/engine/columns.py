"""People from columns: one array (or list) per :class:`Person` field, one entry per person.

For callers that hold a cohort as columns (NumPy arrays, a data frame's columns, query
results) rather than as objects. The engine encodes people into feature matrices itself,
so this is a convenience with the same checks, not a faster path::

    mentors = people_from_arrays(
        ids,
        level=levels,                  # whole numbers
        department=departments,        # None, "" or NaN = unknown
        teaches=proficiency,           # (people x skills) array, 0 = does not teach
        skills=["tiktok", "excel"],    # the matrix's columns
        capacity=capacities,
    )
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .model import Person

_TEXT = ("name", "department", "generation")
_NUMBER = ("extraversion", "hours_per_month")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _text(column: str, value: Any, row: int) -> str | None:
    if _missing(value) or value == "":
        return None
    if not isinstance(value, str | np.str_):
        raise ValueError(f"{column}[{row}]: {value!r} is not a text")
    return str(value)


def _whole_number(column: str, value: Any, row: int, default: int) -> int:
    if _missing(value):
        return default
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{column}[{row}]: {value!r} is not a whole number")
    number = float(value)
    if not number.is_integer():
        raise ValueError(f"{column}[{row}]: {value!r} is not a whole number")
    return int(number)


def _number(column: str, value: Any, row: int) -> float | None:
    if _missing(value):
        return None
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{column}[{row}]: {value!r} is not a number")
    return float(value)


def _skill_levels(
    column: str, values: Any, skills: Sequence[str] | None, n: int
) -> list[dict[str, int]]:
    """A (people x skills) matrix with ``skills`` naming its columns (0 or NaN = none), or
    one mapping skill -> level per person."""
    if isinstance(values, np.ndarray) and values.ndim == 2:
        if skills is None:
            raise ValueError(f"{column}: a matrix needs skills=[...] to name its columns")
        if values.shape != (n, len(skills)):
            raise ValueError(
                f"{column}: the matrix is {values.shape[0]} x {values.shape[1]}, "
                f"expected {n} people x {len(skills)} skills"
            )
        matrix = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
        if (matrix != np.rint(matrix)).any():
            raise ValueError(f"{column}: skill levels must be whole numbers")
        return [
            {skills[int(c)]: int(matrix[r, c]) for c in np.flatnonzero(matrix[r] > 0)}
            for r in range(n)
        ]
    out: list[dict[str, int]] = []
    for row, value in enumerate(values):
        if _missing(value):
            out.append({})
        elif isinstance(value, Mapping):
            out.append({str(k): _whole_number(column, v, row, 0) for k, v in value.items()})
        else:
            raise ValueError(f"{column}[{row}]: {value!r} is not a mapping skill -> level")
    return out


def people_from_arrays(
    ids: Iterable[Any],
    *,
    skills: Sequence[str] | None = None,
    **columns: Any,
) -> list[Person]:
    """One :class:`Person` per entry of ``ids``; every other keyword is a Person field
    given as one value per person (same length as ``ids``).

    Text fields (name, department, generation, timezone) and numbers (extraversion,
    hours_per_month) take ``None``, ``""`` or NaN for unknown; ``level`` and ``capacity``
    are whole numbers (defaults 0 and 1); ``manager_chain`` and ``interests`` take one
    sequence per person; ``teaches`` and ``wants`` take one mapping skill -> level per
    person, or a (people x skills) matrix whose columns ``skills`` names (0 = none);
    ``diversity`` one mapping attribute -> value per person. Raises ``ValueError`` naming
    the column and the position of a bad value. The result goes straight to
    :func:`match`, :func:`suggest` or :func:`score_pairs`.
    """
    id_list = [str(i) for i in ids]
    n = len(id_list)
    fields = set(Person.__dataclass_fields__) - {"id"}
    unknown = sorted(set(columns) - fields)
    if unknown:
        raise ValueError(
            f"unknown column(s) {', '.join(unknown)}; known: {', '.join(sorted(fields))}"
        )
    for column, values in columns.items():
        length = values.shape[0] if isinstance(values, np.ndarray) else len(values)
        if length != n:
            raise ValueError(f"{column} has {length} entries for {n} ids")
    kwargs: list[dict[str, Any]] = [{"id": person_id} for person_id in id_list]
    for column in ("teaches", "wants"):
        if column in columns:
            for row, levels in enumerate(_skill_levels(column, columns[column], skills, n)):
                kwargs[row][column] = levels
    for column, values in columns.items():
        if column in ("teaches", "wants"):
            continue
        for row, value in enumerate(values):
            kwargs[row][column] = _field_value(column, value, row)
    return [Person(**person) for person in kwargs]


def _field_value(column: str, value: Any, row: int) -> Any:
    """One person's value of a column other than the skill levels, checked."""
    if column in _TEXT:
        return _text(column, value, row) or ("" if column == "name" else None)
    if column in _NUMBER:
        return _number(column, value, row)
    if column == "level":
        return _whole_number(column, value, row, 0)
    if column == "capacity":
        return _whole_number(column, value, row, 1)
    if column == "timezone":
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return _number(column, value, row)
        return _text(column, value, row)
    if column in ("manager_chain", "interests"):
        items = () if _missing(value) else value
        if isinstance(items, str):
            raise ValueError(f"{column}[{row}]: {value!r} is one text, not a list")
        if column == "manager_chain":
            return tuple(str(x) for x in items)
        return frozenset(str(x) for x in items)
    # diversity
    if _missing(value):
        return {}
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"{column}[{row}]: {value!r} is not a mapping")
