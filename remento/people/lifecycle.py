"""Hooks for the apps above people when a person leaves, is erased or is exported.

The people app sits below programs, enrolment, pairs and training, so it cannot reach into
them; they register receivers on these signals in their ``AppConfig.ready`` (as pretix's
plugins receive ``order_canceled``). Receivers run inside the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.dispatch import Signal

# Sent with ``organization``, ``employee_pks`` (list[int]) and ``actor`` (a User or None)
# when people leave (the HRIS sync deactivated them) or are erased: receivers end what the
# people take part in (open pairs, enrolments) in bulk, telling whoever is left behind.
people_leaving = Signal()

# Sent with ``organization`` and ``employee_pks`` when an import's preview lists people who
# would leave: each receiver returns the lines (list[str]) that say, in counts, what their
# leaving would end in its app ("2 open pairs close…"), and writes nothing.
people_leaving_preview = Signal()

# Sent with ``employee`` and ``actor`` when one person's data is erased, after
# ``people_leaving``: receivers remove what their app holds that is the person's own
# (answers, notes) and keep what other people need, anonymised by the employee row itself.
person_erasing = Signal()

# Sent with ``employee`` and ``own`` (True when the person exports their own data, False for
# an admin's copy); each receiver returns a list of ``ExportSection`` with what its app holds
# about the person, for the personal data export. What a pair keeps from staff goes in the
# person's own export only.
person_exporting = Signal()


@dataclass(frozen=True)
class ExportSection:
    """One part of a personal data export: a title and rows of plain values."""

    key: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    order: int = 50
    # Rows held in all, where ``rows`` holds only the latest of them (the printable page of a
    # long audit trail); None: ``rows`` is every row.
    held: int | None = None

    @property
    def count(self) -> int:
        return len(self.rows) if self.held is None else self.held

    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """The rows as (label, text) pairs, for the printable page."""
        return [[(_label(key), _text(value)) for key, value in row.items()] for row in self.rows]


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    if value is None or value == "" or value == {} or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)
