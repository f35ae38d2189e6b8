"""What the apps above enrolment tell it: registered from their ``AppConfig.ready``.

Enrolment sits below pairs and matching (the import-linter ``layers`` contract), yet
someone in an open pair cannot leave a program, and a person who leaves takes their
waiting mentor requests with them. Enrolment asks and tells through these hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.dispatch import Signal

from remento.people.models import Employee

# Sent with ``actor``, ``program`` and ``employee`` when someone withdraws from a program,
# inside the withdrawal's transaction and under the program's row lock: receivers close
# what waits on the person (their mentor requests).
participant_withdrawn = Signal()

# A person's open pairs (of every program), as a queryset the caller narrows to a program.
type OpenPairs = Callable[[Employee], QuerySet[Any]]

_open_pairs: list[OpenPairs] = []


def register_open_pairs(source: OpenPairs) -> None:
    """The pairs app says which pairs of a person are open (one source: it replaces)."""
    _open_pairs[:] = [source]


def open_pairs_of(employee: Employee) -> QuerySet[Any]:
    """``employee``'s open pairs, from the app that keeps pairs."""
    if not _open_pairs:
        raise LookupError("No app registered the open pairs (remento.relationships does).")
    return _open_pairs[0](employee)
