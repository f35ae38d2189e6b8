"""Reading a PROGRAM.toml: settings and taxonomy, errors naming the file and key."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..constraints import check_locks
from ..criteria import TIMEZONE_WINDOW_MAX_HOURS, WeightsError
from ..model import CRITERIA, Settings, Taxonomy
from .errors import InputError, decode
from .people import People

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

    def weights(self) -> Mapping[str, Any]:
        """The ``[weights]`` table as written; :meth:`Settings.from_mapping` checks it."""
        table = self.data.get("weights", {})
        if not isinstance(table, Mapping):
            raise self.fail("weights", f"must be a table ([weights]) of {', '.join(CRITERIA)}")
        return table

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
    program = _Program(name, _load(path, name))
    categories = dict(people.categories)
    names = program.skills(categories)
    values = _setting_values(program, people, people_name)
    credit = (
        program.number("related_skill_credit", low=0, high=1)
        if "related_skill_credit" in program.data
        else 0.5
    )
    settings = _settings(program, values, people, people_name)
    try:
        check_locks(people.mentors, people.mentees, settings)
    except ValueError as exc:
        raise InputError(f"key 'locked': {exc}", file=name) from None
    return settings, Taxonomy(categories=categories, names=names, related_credit=credit)


def _load(path: Path | None, name: str) -> dict[str, Any]:
    """The file's table (empty without a file); refuses bad TOML and unknown keys."""
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
    return data


def _setting_values(program: _Program, people: People, people_name: str) -> dict[str, Any]:
    """The plain settings the file gives, checked for type and range (weights and pairs
    apart)."""
    data = program.data
    values: dict[str, Any] = {key: program.choice(key) for key in _CHOICES if key in data}
    if "min_level_gap" in data:
        values["min_level_gap"] = program.whole("min_level_gap", low=0)
    if "reporting_line_depth" in data:
        values["reporting_line_depth"] = program.depth()
    if "max_timezone_diff_hours" in data:
        values["max_timezone_diff_hours"] = program.number(
            "max_timezone_diff_hours", low=0, high=TIMEZONE_WINDOW_MAX_HOURS
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
    return values


def _settings(
    program: _Program, values: dict[str, Any], people: People, people_name: str
) -> Settings:
    """:class:`Settings` from the checked values, the weights and the blocked and locked
    pairs; an error the settings find names the file and key."""
    try:
        return Settings.from_mapping(
            {
                "weights": program.weights(),
                "blocked_pairs": frozenset(program.pairs("blocked", people, people_name)),
                "locked_pairs": tuple(program.pairs("locked", people, people_name)),
                **values,
            }
        )
    except WeightsError as exc:
        key = f"weights.{exc.key}" if exc.key else "weights"
        raise program.fail(key, str(exc)) from None
    except ValueError as exc:  # a value the checks above let through
        if isinstance(exc, InputError):
            raise
        raise InputError(str(exc), file=program.name) from None
