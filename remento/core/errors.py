"""Errors that services raise and views turn into clear messages."""

from __future__ import annotations

from dataclasses import dataclass


class ServiceError(Exception):
    """A request that cannot be done as asked; the message is shown to the user as is."""


@dataclass(frozen=True, order=True)
class RowProblem:
    """One problem in one row of an uploaded file (rows count from 1 = the header)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


class RowErrors(ServiceError):
    """A file with bad rows: nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the file; nothing was written.")
