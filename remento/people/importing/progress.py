"""Where an import stands, for an import the task worker writes (``background``).

The plan and the writes report their phase and the rows done to whoever listens in this
context (``reporting_to``: the worker's ``JobProgress``); nobody listens to an import made in
a request or by the command line, and then a report costs one context-variable read per
thousand rows. The functions' signatures stay as they are for every other caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

# How often (in rows) a loop reports.
EVERY = 1000

# The phases of an import, in order, as the progress panel names them.
PHASES = (
    ("checking", "Checking the file"),
    ("planning", "Planning the changes"),
    ("departments", "Departments"),
    ("sign_ins", "Sign-ins"),
    ("people", "Writing people"),
    ("finishing", "Recording the changes"),
)


# The phases of a large file's check before its preview (``checking``), in order.
CHECK_PHASES = (
    ("reading", "Reading the file"),
    ("checking", "Checking rows"),
    ("planning", "Planning the changes"),
)


class Reporter(Protocol):
    def phase(self, name: str, *, total: int | None = None, done: int = 0) -> None: ...

    def advance(self, done: int) -> None: ...


_listener: ContextVar[Reporter | None] = ContextVar("import_progress", default=None)


def phase(name: str, *, total: int | None = None) -> None:
    """A phase of the import begins (``total`` rows, when known)."""
    listener = _listener.get()
    if listener is not None:
        listener.phase(name, total=total)


def advance(done: int) -> None:
    """``done`` rows of the current phase are done."""
    listener = _listener.get()
    if listener is not None:
        listener.advance(done)


@contextmanager
def reporting_to(listener: Reporter) -> Iterator[None]:
    """Send the reports of the import made inside this block to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
