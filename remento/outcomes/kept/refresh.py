"""Keeping one program's figures again, on the task worker, soon after they change: when one
of its pairs starts or ends (``relationships.signals``, registered in ``outcomes.wiring``)
and when a coordinator asks on the results page. The nightly run keeps them too.

A program that closes ends each of its pairs in one transaction: the program is queued once
per transaction, on its commit, however many pairs started or ended in it (nothing is
queued for a transaction that rolls back). Requests queued one after another (pairs started
one by one) are served by the first run that starts after them: the others find the
figures kept since they were queued and do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from remento.outcomes.kept.tasks import keep_program_figures
from remento.relationships.models import Pair


class _Refresh:
    """The commit hook that queues one program (equal for the same program, so a
    transaction holds at most one per program)."""

    def __init__(self, program_id: int) -> None:
        self.program_id = program_id

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Refresh) and other.program_id == self.program_id

    def __hash__(self) -> int:
        return hash(self.program_id)

    def __call__(self) -> None:
        # A run that starts after this moment serves this request too (see the task).
        queued_at = timezone.now().isoformat()
        keep_program_figures.enqueue(program_id=self.program_id, queued_at=queued_at)


def queue_program_refresh(program_ids: Iterable[int]) -> None:
    """Queue each of ``program_ids`` for the worker to keep its figures again, once the
    current transaction commits (at once outside one), once per transaction."""
    # Each entry is (savepoint ids, function, robust): a rolled-back savepoint drops its own.
    waiting = {entry[1] for entry in connection.run_on_commit}
    for program_id in dict.fromkeys(program_ids):
        refresh = _Refresh(program_id)
        if refresh not in waiting:
            transaction.on_commit(refresh)


def on_pair_started(sender: Any, pair: Pair, **kwargs: Any) -> None:
    """``relationships.signals.pair_started``: the program's figures move."""
    queue_program_refresh([pair.program_id])


def on_pairs_closed(sender: Any, pairs: list[Pair], **kwargs: Any) -> None:
    """``relationships.signals.pair_closed``: the programs' figures move."""
    queue_program_refresh(pair.program_id for pair in pairs)
