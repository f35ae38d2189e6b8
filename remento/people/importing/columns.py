"""The columns an HRIS file may have, the header spellings we accept for each, and the
mapping of a file's header row onto them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from remento.core.errors import RowProblem

# Every column we import, in the order the help text and the plan show them.
COLUMNS: tuple[str, ...] = (
    "employee_id",
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "title",
    "department",
    "level",
    "level_effective_date",
    "manager_id",
    "location",
    "timezone",
    "hire_date",
    "leave_date",
    "birth_year",
)
REQUIRED: tuple[str, ...] = ("employee_id", "first_name", "last_name", "email", "level")

# Spellings seen in HRIS exports (Workday, BambooHR, SAP SuccessFactors, Personio, HiBob…).
# Matching ignores case, spaces, underscores, hyphens and dots (see header_key), so each is
# written once, as people will recognise it. The canonical name itself is always accepted.
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "Employee ID",
        "Employee Number",
        "Employee No",
        "Employee #",
        "Emp ID",
        "Emp No",
        "Worker ID",
        "Person ID",
        "Personnel Number",
        "Staff ID",
        "Staff Number",
    ),
    "first_name": ("First Name", "Given Name", "Forename", "Legal First Name"),
    "last_name": ("Last Name", "Surname", "Family Name", "Legal Last Name"),
    "preferred_name": ("Preferred Name", "Preferred First Name", "Known As", "Nickname"),
    "email": (
        "Email",
        "Work Email",
        "Email Address",
        "Work Email Address",
        "Business Email",
        "Company Email",
    ),
    "title": ("Title", "Job Title", "Position", "Position Title", "Business Title"),
    "department": ("Department", "Dept", "Department Name", "Dept Name"),
    "level": ("Level", "Grade", "Job Level", "Job Grade", "Band", "Pay Grade", "Career Level"),
    # The date the current level took effect: the promotion history is dated by it.
    "level_effective_date": (
        "Level Since",
        "Level Effective Date",
        "Level Start Date",
        "Job Level Effective Date",
        "Job Level Since",
        "Grade Effective Date",
        "Grade Since",
        "Band Effective Date",
    ),
    "manager_id": (
        "Manager ID",
        "Manager Employee ID",
        "Manager Number",
        "Manager Employee Number",
        "Supervisor ID",
        "Supervisor Employee ID",
        "Line Manager ID",
        "Reports To ID",
        "Reports To",
    ),
    "location": ("Location", "Office", "Work Location", "Site"),
    "timezone": ("Time Zone", "TZ"),
    "hire_date": (
        "Hire Date",
        "Start Date",
        "Date of Hire",
        "Join Date",
        "Joining Date",
        "Original Hire Date",
        "Employment Start Date",
    ),
    "leave_date": (
        "Leave Date",
        "Termination Date",
        "End Date",
        "Exit Date",
        "Separation Date",
        "Last Day",
        "Last Working Day",
    ),
    "birth_year": ("Birth Year", "Year of Birth", "YOB"),
}

# How a column reads in messages and on the preview page.
LABELS: dict[str, str] = {
    "employee_id": "employee id",
    "first_name": "first name",
    "last_name": "last name",
    "preferred_name": "preferred name",
    "email": "email",
    "title": "job title",
    "department": "department",
    "level": "level",
    "level_effective_date": "level since",
    "manager_id": "manager",
    "location": "location",
    "timezone": "time zone",
    "hire_date": "hire date",
    "leave_date": "leave date",
    "birth_year": "birth year",
}

_SEPARATORS = re.compile(r"[\s_.\-]+")


def header_key(name: str) -> str:
    """``"  Work E-mail "`` → ``"workemail"``: what header matching compares."""
    return _SEPARATORS.sub("", name.replace("\ufeff", "").casefold())


_INDEX: dict[str, str] = {}
for _column, _aliases in ALIASES.items():
    for _alias in (_column, *_aliases):
        _INDEX[header_key(_alias)] = _column


def column_for(header: str) -> str | None:
    """The column a header names ("Work Email" → "email"), or None for an unknown one."""
    return _INDEX.get(header_key(header))


def accepted_headers(column: str) -> list[str]:
    """The spellings accepted for ``column``, for help texts: its name first, then the
    aliases that do not merely re-case it."""
    seen: set[str] = set()
    spellings = []
    for spelling in (column, *ALIASES[column]):
        if header_key(spelling) not in seen:
            seen.add(header_key(spelling))
            spellings.append(spelling)
    return spellings


@dataclass
class HeaderMap:
    """Where each known column is in the file, and how the file spells its header."""

    positions: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    # Positions with a blank header: fine while empty, an error when a row fills them.
    unnamed: list[int] = field(default_factory=list)
    width: int = 0

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.positions)

    def label(self, column: str) -> str:
        """The column's header as the file writes it (what the person will look for)."""
        return self.labels.get(column, column)


def map_header(header: list[str], ignore: Iterable[str] = ()) -> tuple[HeaderMap, list[RowProblem]]:
    """Match the header row to our columns.

    Unknown headers are problems unless named in ``ignore`` (matched the same forgiving way),
    so that a typo never silently drops a column of data. Blank headers over empty columns
    (trailing separators) are allowed.
    """
    ignored_keys = {header_key(name) for name in ignore if name.strip()}
    mapping = HeaderMap(width=len(header))
    problems: list[RowProblem] = []
    for position, raw in enumerate(header):
        name = raw.replace("\ufeff", "").strip()
        key = header_key(name)
        if not key:
            mapping.unnamed.append(position)
            continue
        if key in ignored_keys:
            mapping.ignored.append(name)
            continue
        column = _INDEX.get(key)
        if column is None:
            problems.append(
                RowProblem(
                    1,
                    name,
                    "unknown column; rename it to one of "
                    + ", ".join(COLUMNS)
                    + f', or ignore it explicitly ("{name}" under Columns to ignore on the import '
                    f'page, --ignore-column "{name}" on the command line)',
                )
            )
        elif column in mapping.positions:
            problems.append(
                RowProblem(
                    1,
                    name,
                    f"a second {LABELS[column]} column (the first is "
                    f'"{mapping.labels[column]}"); keep one of them',
                )
            )
        else:
            mapping.positions[column] = position
            mapping.labels[column] = name
    for column in REQUIRED:
        if column not in mapping.positions:
            spellings = ", ".join(f'"{spelling}"' for spelling in accepted_headers(column)[:5])
            problems.append(
                RowProblem(1, column, f"required column missing (accepted headers: {spellings}…)")
            )
    return mapping, problems
