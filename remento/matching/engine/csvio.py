"""Reading a people CSV and a PROGRAM.toml, writing pairs: the engine on files alone.

The format is documented in docs/matching.md. Every error names the row (the line number
in the file, header = 1) and the field, and nothing is matched when any row is wrong.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from .model import CRITERIA, Explanation, MatchResult, Person, Settings, Taxonomy, Weights
from .scoring import utc_offset

COLUMNS = (
    "id", "name", "role", "level", "department", "manager_id", "teaches", "wants",
    "interests", "extraversion", "generation", "timezone", "hours_per_month", "capacity",
    "diversity",
)  # fmt: skip
ROLES = ("mentor", "mentee", "", "none")
DEFAULT_SKILL_LEVEL = 3


class InputError(ValueError):
    """Bad input, with a message that names the file, row and field."""


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
    """Parse a people CSV. Raises :class:`InputError` naming the row and field."""
    reader = csv.DictReader(handle)
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
    at = reference or datetime(2026, 1, 15, 12, tzinfo=UTC)
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
    people = People([], [])
    for row in rows:
        person_id = row.text("id")
        chain: list[str] = []
        boss = managers.get(person_id)
        while boss is not None:
            if boss == person_id or boss in chain:
                raise row.fail("manager_id", f"reporting cycle through {boss!r}")
            chain.append(boss)
            boss = managers.get(boss)
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
        person = Person(
            id=person_id,
            name=row.text("name"),
            level=int(level or 0),
            department=row.text("department") or None,
            manager_chain=tuple(chain),
            teaches=row.pairs("teaches", people.categories, low=1, high=5),
            wants=row.pairs("wants", people.categories, low=1, high=5),
            interests=frozenset(
                i.strip().lower() for i in row.text("interests").split(";") if i.strip()
            ),
            extraversion=row.number("extraversion", whole=False, low=1, high=5, default=None),
            generation=row.text("generation") or None,
            timezone=timezone,
            hours_per_month=row.number(
                "hours_per_month", whole=False, low=0, high=744, default=None
            ),
            capacity=int(capacity or 0),
            diversity=_mapping(row, "diversity"),
        )
        if role == "mentor":
            people.mentors.append(person)
        elif role == "mentee":
            people.mentees.append(person)
    people.diversity_attributes = tuple(
        sorted({a for p in people.mentors + people.mentees for a in p.diversity})
    )
    return people


_SETTING_KEYS = {
    "program_type", "min_level_gap", "reporting_line_depth", "same_department",
    "max_timezone_diff_hours", "mutual_combine", "objective", "top_k", "level_span",
    "diversity_attributes", "timezone_reference", "related_skill_credit", "weights",
    "blocked", "locked", "skills",
}  # fmt: skip


def _pairs_list(value: Any, key: str) -> list[tuple[str, str]]:
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str | int) for x in p)
        for p in value
    ):
        raise InputError(f"PROGRAM.toml: '{key}' must be a list of [mentor_id, mentee_id]")
    return [(str(a), str(b)) for a, b in value]


def read_program(path: Path | None, people: People) -> tuple[Settings, Taxonomy]:
    """Settings and taxonomy from a PROGRAM.toml (``None`` path: defaults)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"PROGRAM.toml: {exc}") from None
    unknown = sorted(set(data) - _SETTING_KEYS)
    if unknown:
        raise InputError(f"PROGRAM.toml: unknown key(s) {', '.join(unknown)}")
    weights = data.pop("weights", {})
    if not isinstance(weights, Mapping) or set(weights) - set(CRITERIA):
        raise InputError(f"PROGRAM.toml: [weights] takes only {', '.join(CRITERIA)}")
    skills = data.pop("skills", {})
    categories = dict(people.categories)
    names: dict[str, str] = {}
    for skill, spec in skills.items():
        if not isinstance(spec, Mapping) or set(spec) - {"category", "name"}:
            raise InputError(f"PROGRAM.toml: [skills.{skill}] takes category and name")
        if "category" in spec:
            categories[skill.lower()] = str(spec["category"])
        if "name" in spec:
            names[skill.lower()] = str(spec["name"])
    credit = data.pop("related_skill_credit", 0.5)
    reference = data.pop("timezone_reference", None)
    if isinstance(reference, date) and not isinstance(reference, datetime):
        reference = datetime(reference.year, reference.month, reference.day, 12, tzinfo=UTC)
    if isinstance(reference, datetime) and reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    depth = data.pop("reporting_line_depth", None)
    if depth == "any":
        depth = None
    try:
        settings = Settings(
            weights=Weights(**{k: float(v) for k, v in weights.items()}),
            reporting_line_depth=depth,
            blocked_pairs=frozenset(_pairs_list(data.pop("blocked", []), "blocked")),
            locked_pairs=tuple(_pairs_list(data.pop("locked", []), "locked")),
            diversity_attributes=tuple(
                data.pop("diversity_attributes", people.diversity_attributes)
            ),
            **({"timezone_reference": reference} if reference else {}),
            **data,
        )
        taxonomy = Taxonomy(categories=categories, names=names, related_credit=float(credit))
    except (TypeError, ValueError) as exc:
        raise InputError(f"PROGRAM.toml: {exc}") from None
    return settings, taxonomy


def write_pairs(
    out: TextIO, result: MatchResult, explanations: Mapping[tuple[str, str], Explanation]
) -> None:
    """Pairs (mentor_id, mentee_id, score, reasons, warnings), then the unmatched."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["mentor_id", "mentee_id", "score", "reasons", "warnings"])
    for pair in result.pairs:
        explanation = explanations[(pair.mentor_id, pair.mentee_id)]
        reasons = [r.text for r in explanation.reasons]
        if pair.locked:
            reasons.insert(0, "Locked by the coordinator")
        writer.writerow(
            [
                pair.mentor_id,
                pair.mentee_id,
                f"{pair.score:.4f}",
                "; ".join(reasons),
                "; ".join(explanation.warnings),
            ]
        )
    for person in result.unmatched:
        mentor_id, mentee_id = (
            (person.person_id, "") if person.role == "mentor" else ("", person.person_id)
        )
        writer.writerow([mentor_id, mentee_id, "", f"Unmatched {person.role}: {person.reason}", ""])
