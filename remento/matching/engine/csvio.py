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

from .categories import tidy_category
from .constraints import check_locks
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
    """Bad input, with a message that names the row and field (people CSV) or the key
    (PROGRAM.toml). ``file`` names the file when the reader knows it."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(f"{file}: {message}" if file else message)
        self.file = file


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


def decode(data: bytes, *, unit: str = "row") -> str:
    """UTF-8 text (a byte-order mark is dropped); an error names the row (line) of the
    first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{unit} {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None


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
    for row in rows:
        manager = row.text("manager_id")
        if manager and manager not in line_of:
            # A manager missing from the file would silently cut the reporting line short.
            raise row.fail(
                "manager_id",
                f"{manager!r} is not an id in the file: list the manager too "
                "(with an empty role if they take no part)",
            )
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
            # Kept as written but tidied; the engine compares them case folded.
            department=tidy_category(row.text("department")),
            manager_chain=tuple(chain),
            teaches=row.pairs("teaches", people.categories, low=1, high=5),
            wants=row.pairs("wants", people.categories, low=1, high=5),
            interests=frozenset(
                i.strip().lower() for i in row.text("interests").split(";") if i.strip()
            ),
            extraversion=row.number("extraversion", whole=False, low=1, high=5, default=None),
            generation=tidy_category(row.text("generation")),
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


_CHOICES = {
    "program_type": ("reverse", "traditional", "mutual"),
    "same_department": ("forbid", "allow", "prefer"),
    "mutual_combine": ("min", "mean"),
    "objective": ("total", "fairness", "stable"),
}
_SETTING_KEYS = {
    *_CHOICES, "min_level_gap", "reporting_line_depth", "max_timezone_diff_hours", "top_k",
    "level_span", "diversity_attributes", "timezone_reference", "related_skill_credit",
    "weights", "blocked", "locked", "skills",
}  # fmt: skip


class _Program:
    """Typed reads of PROGRAM.toml values; every error names the file and the key."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.data = data

    def fail(self, key: str, why: str) -> InputError:
        return InputError(f"key '{key}': {why}", file=self.name)

    def choice(self, key: str) -> str | None:
        if key not in self.data:
            return None
        value, options = self.data[key], _CHOICES[key]
        if value not in options:
            raise self.fail(key, f"{value!r} is not one of {', '.join(options)}")
        return str(value)

    def whole(self, key: str, *, low: int, value: Any = None) -> int:
        value = self.data[key] if value is None else value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"{value!r} is not a whole number")
        if value < low:
            raise self.fail(key, f"{value} is below {low}")
        return value

    def number(self, key: str, *, low: float, high: float, value: Any = None) -> float:
        value = self.data[key] if value is None else value
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise self.fail(key, f"{value!r} is not a number")
        if not low <= value <= high:
            raise self.fail(key, f"{value:g} is outside {low:g}–{high:g}")
        return float(value)

    def depth(self) -> int | None:
        value = self.data["reporting_line_depth"]
        if value == "any":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(
                "reporting_line_depth", f'{value!r} is not "any" or a whole number of levels'
            )
        return self.whole("reporting_line_depth", low=0)

    def reference(self) -> datetime:
        key, value = "timezone_reference", self.data["timezone_reference"]
        if isinstance(value, str):
            text = value.strip()
            try:
                value = (
                    date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
                )
            except ValueError:
                raise self.fail(key, f"{value!r} is not a date such as 2026-09-01") from None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, 12, tzinfo=UTC)
        raise self.fail(key, f"{value!r} is not a date such as 2026-09-01")

    def attributes(self, known: tuple[str, ...], people_name: str) -> tuple[str, ...]:
        key, value = "diversity_attributes", self.data["diversity_attributes"]
        if not isinstance(value, list) or not all(isinstance(a, str) and a for a in value):
            raise self.fail(key, f'{value!r} is not a list of attribute names, e.g. ["gender"]')
        for attribute in value:
            if attribute not in known:
                found = ", ".join(known) or "none"
                raise self.fail(
                    key,
                    f"no one in {people_name} shares the attribute {attribute!r} "
                    f"(attributes found: {found})",
                )
        return tuple(value)

    def pairs(self, key: str, people: People, people_name: str) -> list[tuple[str, str]]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list of [mentor_id, mentee_id] pairs")
        mentors = {p.id for p in people.mentors}
        mentees = {p.id for p in people.mentees}
        out = []
        for pair in value:
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not all(isinstance(x, str | int) and not isinstance(x, bool) for x in pair)
            ):
                raise self.fail(key, f"{pair!r} is not a [mentor_id, mentee_id] pair")
            mentor_id, mentee_id = str(pair[0]), str(pair[1])
            if mentor_id not in mentors:
                raise self.fail(
                    key,
                    f"[{mentor_id}, {mentee_id}]: unknown mentor {mentor_id!r} in {people_name}",
                )
            if mentee_id not in mentees:
                raise self.fail(
                    key,
                    f"[{mentor_id}, {mentee_id}]: unknown mentee {mentee_id!r} in {people_name}",
                )
            out.append((mentor_id, mentee_id))
        return out

    def weights(self) -> Weights:
        table = self.data.get("weights", {})
        if not isinstance(table, Mapping):
            raise self.fail("weights", f"must be a table ([weights]) of {', '.join(CRITERIA)}")
        unknown = sorted(set(table) - set(CRITERIA))
        if unknown:
            raise self.fail(
                "weights", f"unknown criterion {unknown[0]!r}; known: {', '.join(CRITERIA)}"
            )
        return Weights(
            **{
                c: self.number(f"weights.{c}", low=0, high=1e6, value=table[c])
                for c in CRITERIA
                if c in table
            }
        )

    def skills(self, categories: dict[str, str]) -> dict[str, str]:
        table = self.data.get("skills", {})
        if not isinstance(table, Mapping):
            raise self.fail("skills", "must be a table of skills, e.g. [skills.tiktok]")
        names: dict[str, str] = {}
        for skill, spec in table.items():
            key = f"skills.{skill}"
            if not isinstance(spec, Mapping) or set(spec) - {"category", "name"}:
                raise self.fail(key, "takes only category and name")
            for part in ("category", "name"):
                if part in spec and (not isinstance(spec[part], str) or not spec[part].strip()):
                    raise self.fail(f"{key}.{part}", f"{spec[part]!r} is not a text")
            if "category" in spec:
                categories[skill.lower()] = spec["category"].strip()
            if "name" in spec:
                names[skill.lower()] = spec["name"].strip()
        return names


def read_program(
    path: Path | None, people: People, *, people_name: str = "the people file"
) -> tuple[Settings, Taxonomy]:
    """Settings and taxonomy from a PROGRAM.toml (``None`` path: defaults).

    Every value is checked for its type and range, ids in ``blocked`` and ``locked`` must
    be a mentor and a mentee of ``people``, and locked pairs must be keepable (eligible,
    one per mentee, within capacity). Raises :class:`InputError` naming the file and key.
    """
    name = path.name if path is not None else "PROGRAM.toml"
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(decode(path.read_bytes(), unit="line"))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML: {exc}", file=name) from None
        except InputError as exc:
            raise InputError(str(exc), file=name) from None
    unknown = sorted(set(data) - _SETTING_KEYS)
    if unknown:
        raise InputError(
            f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_SETTING_KEYS))}",
            file=name,
        )
    program = _Program(name, data)
    categories = dict(people.categories)
    names = program.skills(categories)
    values: dict[str, Any] = {key: program.choice(key) for key in _CHOICES if key in data}
    if "min_level_gap" in data:
        values["min_level_gap"] = program.whole("min_level_gap", low=0)
    if "reporting_line_depth" in data:
        values["reporting_line_depth"] = program.depth()
    if "max_timezone_diff_hours" in data:
        values["max_timezone_diff_hours"] = program.number(
            "max_timezone_diff_hours", low=0, high=24
        )
    for key in ("top_k", "level_span"):
        if key in data:
            values[key] = program.whole(key, low=1)
    if "timezone_reference" in data:
        values["timezone_reference"] = program.reference()
    values["diversity_attributes"] = (
        program.attributes(people.diversity_attributes, people_name)
        if "diversity_attributes" in data
        else people.diversity_attributes
    )
    credit = (
        program.number("related_skill_credit", low=0, high=1)
        if "related_skill_credit" in data
        else 0.5
    )
    try:
        settings = Settings(
            weights=program.weights(),
            blocked_pairs=frozenset(program.pairs("blocked", people, people_name)),
            locked_pairs=tuple(program.pairs("locked", people, people_name)),
            **values,
        )
    except ValueError as exc:  # a value the checks above let through
        if isinstance(exc, InputError):
            raise
        raise InputError(str(exc), file=name) from None
    try:
        check_locks(people.mentors, people.mentees, settings)
    except ValueError as exc:
        raise InputError(f"key 'locked': {exc}", file=name) from None
    return settings, Taxonomy(categories=categories, names=names, related_credit=credit)


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
