"""The shape every export's rows take before they become a CSV or an XLSX file."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# Rows are read from the database this many at a time (``QuerySet.iterator``), so that a
# 100,000-row export never holds more than one batch of model instances in memory.
CHUNK_SIZE = 2_000

Row = Sequence[Any]


@dataclass(frozen=True)
class Column:
    """One column: its header and its width in an XLSX sheet (characters)."""

    name: str
    width: int = 18


@dataclass(frozen=True)
class Table:
    """An export's columns, how many rows it has, and its rows, read lazily.

    ``count`` and ``rows`` run their queries only when called, so a CSV export counts its
    rows (for the audit trail) and then streams them; neither holds every row at once."""

    columns: tuple[Column, ...]
    count: Callable[[], int]
    rows: Callable[[], Iterator[Row]]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(column.width for column in self.columns)


def columns(*spec: str | tuple[str, int]) -> tuple[Column, ...]:
    """``columns("Name", ("Email", 30))``: plain names get the default width."""
    return tuple(Column(item) if isinstance(item, str) else Column(*item) for item in spec)


def person_name(first_name: str, preferred_name: str, last_name: str) -> str:
    """The name a person goes by, as ``Employee.display_name`` writes it."""
    return f"{preferred_name or first_name} {last_name}".strip()
