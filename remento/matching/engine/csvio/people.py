"""Reading a people CSV: one row per person, errors naming the row and field."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..categories import tidy_category
from ..model import Person
from ..scoring import utc_offset
from .errors import InputError

COLUMNS = (
    "id", "name", "role", "level", "department", "manager_id", "teaches", "wants",
    "interests", "extraversion", "generation", "timezone", "hours_per_month", "capacity",
    "diversity",
)  # fmt: skip
ROLES = ("mentor", "mentee", "", "none")
DEFAULT_SKILL_LEVEL = 3


@dataclass
class People:
    mentors: list[Person]
    mentees: list[Person]
    categories: dict[str, str] = field(default_factory=dict)
    diversity_attributes: tuple[str, ...] = ()


@dataclass
class _Row:
    line: int
    values: dict[str, str]

    def fail(self, column: str, why: str) -> InputError:
        return InputError(f"row {self.line}, field '{column}': {why}")

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def number(
        self, column: str, *, whole: bool, low: float, high: float, default: float | None
    ) -> float | None:
        raw = self.text(column)
        if not raw:
            return default
        try:
            value = float(int(raw)) if whole else float(raw)
        except ValueError:
            kind = "a whole number" if whole else "a number"
            raise self.fail(column, f"{raw!r} is not {kind}") from None
        if not low <= value <= high:
            raise self.fail(column, f"{raw} is outside {low:g}–{high:g}")
        return value

    def pairs(
        self, column: str, categories: dict[str, str], *, low: int, high: int
    ) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in filter(None, (part.strip() for part in self.text(column).split(";"))):
            skill, _, level_text = item.partition(":")
            skill = skill.strip().lower()
            if "/" in skill:
                category, _, skill = skill.rpartition("/")
                known = categories.setdefault(skill, category)
                if known != category:
                    raise self.fail(
                        column,
                        f"skill {skill!r} is in category {known!r} elsewhere, not {category!r}",
                    )
            if not skill:
                raise self.fail(column, f"{item!r} has no skill name")
            level = DEFAULT_SKILL_LEVEL
            if level_text.strip():
                try:
                    level = int(level_text)
                except ValueError:
                    raise self.fail(
                        column, f"{item!r}: level {level_text.strip()!r} is not a whole number"
                    ) from None
            if not low <= level <= high:
                raise self.fail(column, f"{item!r}: level must be {low}–{high}")
            if skill in out:
                raise self.fail(column, f"skill {skill!r} is listed twice")
            out[skill] = level
        return out


def _mapping(row: _Row, column: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in row.text(column).split(";"))):
        key, sep, value = item.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise row.fail(column, f"{item!r} is not attribute:value")
        out[key.strip()] = value.strip()
    return out


def read_people(handle: Iterable[str], *, reference: datetime | None = None) -> People:
    """Parse a people CSV (text: see :func:`decode`). Raises :class:`InputError` naming the
    row and field."""
    reader = csv.DictReader(handle)
    try:
        return _read_people(reader, reference)
    except UnicodeDecodeError:
        raise InputError(f"row {reader.line_num + 1}: not UTF-8 text") from None
    except csv.Error as exc:
        raise InputError(f"row {reader.line_num}: not a readable CSV line ({exc})") from None


def _read_people(reader: csv.DictReader[str], reference: datetime | None) -> People:
    _check_header(reader)
    at = reference or datetime(2026, 1, 15, 12, tzinfo=UTC)
    rows, managers = _read_rows(reader)
    people = People([], [])
    for row in rows:
        person_id = row.text("id")
        role = row.text("role").lower()
        person = _person(row, _manager_chain(row, person_id, managers), at, people.categories)
        if role == "mentor":
            people.mentors.append(person)
        elif role == "mentee":
            people.mentees.append(person)
    people.diversity_attributes = tuple(
        sorted({a for p in people.mentors + people.mentees for a in p.diversity})
    )
    return people


def _check_header(reader: csv.DictReader[str]) -> None:
    """The header tidied in place; refuses an empty file, a missing id or role column and
    an unknown column."""
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise InputError("the file is empty: expected a header row with at least id and role")
    reader.fieldnames = header
    for required in ("id", "role"):
        if required not in header:
            raise InputError(f"row 1: the header has no '{required}' column")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InputError(
            f"row 1: unknown column(s) {', '.join(map(repr, unknown))}; known: {', '.join(COLUMNS)}"
        )


def _read_rows(reader: csv.DictReader[str]) -> tuple[list[_Row], dict[str, str]]:
    """Every row with a unique id, a known role and a manager listed in the file; and
    each person's manager id."""
    rows: list[_Row] = []
    line_of: dict[str, int] = {}
    managers: dict[str, str] = {}
    for values in reader:
        row = _Row(reader.line_num, {k: v for k, v in values.items() if k is not None})
        if None in values:
            raise InputError(f"row {row.line}: more fields than the header has columns")
        person_id = row.text("id")
        if not person_id:
            raise row.fail("id", "is empty")
        if person_id in line_of:
            raise row.fail("id", f"{person_id!r} already used on row {line_of[person_id]}")
        line_of[person_id] = row.line
        if row.text("role").lower() not in ROLES:
            raise row.fail("role", f"{row.text('role')!r} is not mentor or mentee")
        if row.text("manager_id"):
            managers[person_id] = row.text("manager_id")
        rows.append(row)
    for row in rows:
        manager = row.text("manager_id")
        if manager and manager not in line_of:
            # A manager missing from the file would silently cut the reporting line short.
            raise row.fail(
                "manager_id",
                f"{manager!r} is not an id in the file: list the manager too "
                "(with an empty role if they take no part)",
            )
    return rows, managers


def _manager_chain(row: _Row, person_id: str, managers: dict[str, str]) -> tuple[str, ...]:
    """The person's managers, nearest first; refuses a reporting cycle."""
    chain: list[str] = []
    boss = managers.get(person_id)
    while boss is not None:
        if boss == person_id or boss in chain:
            raise row.fail("manager_id", f"reporting cycle through {boss!r}")
        chain.append(boss)
        boss = managers.get(boss)
    return tuple(chain)


def _person(row: _Row, chain: tuple[str, ...], at: datetime, categories: dict[str, str]) -> Person:
    """One checked row as a :class:`Person`; skill categories are added to ``categories``."""
    person_id = row.text("id")
    timezone = row.text("timezone") or None
    if timezone is not None:
        try:
            utc_offset(timezone, at)
        except ValueError as exc:
            raise row.fail("timezone", str(exc)) from None
    role = row.text("role").lower()
    capacity = row.number("capacity", whole=True, low=0, high=1000, default=1)
    if role == "mentee" and capacity not in (None, 1):
        raise row.fail("capacity", "a mentee has one mentor: leave it empty or 1")
    level = row.number("level", whole=True, low=-1000, high=1000, default=0)
    return Person(
        id=person_id,
        name=row.text("name"),
        level=int(level or 0),
        # Kept as written but tidied; the engine compares them case folded.
        department=tidy_category(row.text("department")),
        manager_chain=chain,
        teaches=row.pairs("teaches", categories, low=1, high=5),
        wants=row.pairs("wants", categories, low=1, high=5),
        interests=frozenset(
            i.strip().lower() for i in row.text("interests").split(";") if i.strip()
        ),
        extraversion=row.number("extraversion", whole=False, low=1, high=5, default=None),
        generation=tidy_category(row.text("generation")),
        timezone=timezone,
        hours_per_month=row.number("hours_per_month", whole=False, low=0, high=744, default=None),
        capacity=int(capacity or 0),
        diversity=_mapping(row, "diversity"),
    )
