"""Checking one row on its own: required fields, formats, ranges.

Everything that needs other rows or the database (duplicates, managers, cycles, email
clashes) is checked by the plan. Nothing here queries the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from remento.core.errors import RowProblem
from remento.core.hygiene import (
    DateLimit,
    UnsafeText,
    clean_text,
    has_suspect_characters,
    visible_text,
)
from remento.core.timezones import canonical_zone, zone_problem
from remento.matching.engine import tidy_category
from remento.people.importing.columns import COLUMNS, REQUIRED, HeaderMap
from remento.people.models import Employee

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_BIRTH_YEAR = 1900
# Nobody younger than this works here; a later birth year is a typo (a hire year, say).
YOUNGEST_WORKING_AGE = 14
# Hires are announced months ahead, not years; a leave date can close a long fixed-term
# contract. Anything outside is a typo in the year.
DATE_LIMITS = {
    "hire_date": DateLimit(earliest=dt.date(EARLIEST_BIRTH_YEAR, 1, 1), years_ahead=2),
    "leave_date": DateLimit(earliest=dt.date(EARLIEST_BIRTH_YEAR, 1, 1), years_ahead=10),
    # The level is imported as it is today, so the date it took effect cannot be ahead.
    "level_effective_date": DateLimit(earliest=dt.date(EARLIEST_BIRTH_YEAR, 1, 1), years_ahead=0),
}


@cache
def _max_lengths() -> dict[str, int]:
    return {
        column: getattr(Employee._meta.get_field(column), "max_length", 0) or 0
        for column in (
            "employee_id",
            "first_name",
            "last_name",
            "preferred_name",
            "email",
            "title",
            "location",
        )
    } | {"department": 200, "manager_id": 64}


@dataclass(slots=True)
class ImportRow:
    """One clean row. Columns absent from the file hold their empty value and are ignored
    by the plan (absent means "leave as is", blank means "clear")."""

    row: int
    employee_id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    title: str
    department: str
    level: int
    manager_id: str
    location: str
    timezone: str
    hire_date: dt.date | None
    leave_date: dt.date | None
    birth_year: int | None
    # When the row's level took effect (the level history is dated by it); None: the day
    # of the import.
    level_effective_date: dt.date | None = None

    @property
    def name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"


class RowCleaner:
    """Cleans rows against one header and one organisation's ladder, collecting problems."""

    def __init__(self, *, header: HeaderMap, level_names: list[str], today: dt.date) -> None:
        self.header = header
        self.today = today
        self.max_level = len(level_names)
        self.levels_by_name = {name.strip().casefold(): i + 1 for i, name in enumerate(level_names)}
        self.level_help = f"a number from 1 to {self.max_level}" + (
            f" or a level name ({', '.join(level_names[:3])}, …)" if level_names else ""
        )
        self.latest_birth_year = today.year - YOUNGEST_WORKING_AGE
        lengths = _max_lengths()
        self.specs = [
            (column, position, lengths.get(column, 0), column in REQUIRED)
            for column, position in header.positions.items()
        ]
        self.problems: list[RowProblem] = []

    def _problem(self, row: int, column: str, reason: str) -> None:
        self.problems.append(RowProblem(row, self.header.label(column), reason))

    def _read(self, row: int, cells: list[str]) -> dict[str, str]:
        """Every column's stripped value ("" when absent), checking lengths and required
        values in one pass over the row: this runs 100,000 times for a large file."""
        values = dict.fromkeys(COLUMNS, "")
        count = len(cells)
        # Control, direction and zero-width characters are rare: one test for the whole row.
        suspect = has_suspect_characters("".join(cells))
        for column, position, limit, required in self.specs:
            value = cells[position].strip() if position < count else ""
            if suspect and value:
                try:
                    value = clean_text(value).strip()
                except UnsafeText as error:
                    self._problem(row, column, str(error))
                    values[column] = visible_text(value)
                    continue
            if limit and len(value) > limit:
                self._problem(row, column, f"longer than {limit} characters ({len(value)})")
            elif required and not value:
                self._problem(row, column, "required, but empty")
            values[column] = value
        return values

    def _date(self, row: int, raw: str, column: str) -> dt.date | None:
        if not raw:
            return None
        if _ISO_DATE.fullmatch(raw):
            try:
                date = dt.date.fromisoformat(raw)
            except ValueError:
                pass
            else:
                if column == "level_effective_date" and date > self.today:
                    self._problem(
                        row,
                        column,
                        f"{date:%Y-%m-%d} is in the future: the level is imported as it is "
                        "today, so import the new level once it has taken effect",
                    )
                    return None
                problem = DATE_LIMITS[column].problem(date, today=self.today)
                if problem is None:
                    return date
                self._problem(row, column, problem)
                return None
        self._problem(row, column, f"“{raw}” is not a date; expected yyyy-mm-dd, e.g. 2024-03-31")
        return None

    def clean(self, row: int, cells: list[str]) -> ImportRow:
        """The row's values, cleaned; its problems go to ``self.problems``. A row with
        problems is still returned, so that checks across rows (duplicates, managers,
        cycles) report everything in one go; the plan never applies a file with problems."""
        if len(cells) > self.header.width and any(c.strip() for c in cells[self.header.width :]):
            self.problems.append(
                RowProblem(
                    row,
                    "—",
                    f"{len(cells)} cells but the header has {self.header.width} columns "
                    "(a separator inside an unquoted value?)",
                )
            )
        for position in self.header.unnamed:
            if position < len(cells) and cells[position].strip():
                self.problems.append(
                    RowProblem(row, f"#{position + 1}", "a value under a column with no header")
                )
        values = self._read(row, cells)
        email = values["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self._problem(row, "email", f"“{email}” is not a valid email address")
        level = self._level(row, values["level"])
        timezone = values["timezone"]
        if timezone:
            canonical = canonical_zone(timezone)
            if canonical is None:
                # The one message every page gives, without the full stop rows leave out.
                self._problem(row, "timezone", (zone_problem(timezone) or "").rstrip("."))
            timezone = canonical or timezone
        hire_date, leave_date, level_since = self._dates(row, values)
        birth_year = self._birth_year(row, values["birth_year"])
        return ImportRow(
            row=row,
            employee_id=values["employee_id"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            preferred_name=values["preferred_name"],
            email=email,
            title=values["title"],
            department=values["department"],
            level=level or 0,
            manager_id=values["manager_id"],
            # Trimmed with runs of spaces made one ("Paris  La Défense" is "Paris La Défense").
            location=tidy_category(values["location"]) or "",
            timezone=timezone,
            hire_date=hire_date,
            leave_date=leave_date,
            birth_year=birth_year,
            level_effective_date=level_since,
        )

    def _dates(
        self, row: int, values: dict[str, str]
    ) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
        """Hire date, leave date and level since: neither of the last two before the first."""
        hire_date = self._date(row, values["hire_date"], "hire_date")
        later = []
        for column in ("leave_date", "level_effective_date"):
            date = self._date(row, values[column], column)
            if hire_date and date and date < hire_date:
                self._problem(row, column, f"{date} is before the hire date {hire_date}")
            later.append(date)
        return hire_date, later[0], later[1]

    def _level(self, row: int, raw: str) -> int | None:
        if not raw:
            return None
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_level:
            return int(raw)
        by_name = self.levels_by_name.get(raw.casefold())
        if by_name is None:
            self._problem(row, "level", f"unknown level “{raw}”; expected {self.level_help}")
        return by_name

    def _birth_year(self, row: int, raw: str) -> int | None:
        if not raw:
            return None
        if (
            raw.isascii()
            and raw.isdigit()
            and EARLIEST_BIRTH_YEAR <= int(raw) <= self.latest_birth_year
        ):
            return int(raw)
        self._problem(
            row,
            "birth_year",
            f"“{raw}” is not a birth year from {EARLIEST_BIRTH_YEAR} to {self.latest_birth_year}",
        )
        return None
