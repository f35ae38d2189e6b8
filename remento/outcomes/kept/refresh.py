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

from remento.core.jobs.queue_once import queue_once
from remento.outcomes.kept.tasks import keep_program_figures
from remento.relationships.models import Pair


def queue_program_refresh(program_ids: Iterable[int]) -> None:
    """Queue each of ``program_ids`` for the worker to keep its figures again, once the
    current transaction commits (at once outside one), once per transaction. The task gets
    the commit's moment: a run that starts after it serves this request too."""
    for program_id in dict.fromkeys(program_ids):
        queue_once(keep_program_figures, stamp=True, program_id=program_id)


def on_pair_started(sender: Any, pair: Pair, **kwargs: Any) -> None:
    """``relationships.signals.pair_started``: the program's figures move."""
    queue_program_refresh([pair.program_id])


def on_pairs_closed(sender: Any, pairs: list[Pair], **kwargs: Any) -> None:
    """``relationships.signals.pair_closed``: the programs' figures move."""
    queue_program_refresh(pair.program_id for pair in pairs)
