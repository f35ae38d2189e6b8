"""Errors that services raise and views turn into clear messages."""

from __future__ import annotations

from dataclasses import dataclass

from remento.core.words import count_of


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
        problems_found = count_of(len(self.problems), "problem")
        super().__init__(f"{problems_found} in the file; nothing was written.")


class FieldErrors(ServiceError):
    """Nothing was written; ``errors`` maps each form field to what is wrong with it.

    The key ``""`` stands for the whole form. Views put these on their form with
    ``remento.core.forms.show_field_errors`` instead of copying them by hand.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))
