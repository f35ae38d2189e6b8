"""Asking the task worker for a job at most once per key.

Work that whoever notices it is due asks for (a pair starts and the program's figures move,
a page finds its figures old, a search finds no index) goes through ``queue_once``: the task
is enqueued with its arguments once the transaction commits (nothing for one that rolls
back), unless the same request already waits:

- in this transaction: the same task with the same arguments waits for the commit already
  (a program that closes ends each of its pairs: one refresh);
- across transactions, when the caller keeps a ``Claim``: a row records when the work was
  last asked for, and a new request takes it only when none was made, when the work has
  been done since, or when the request is old enough to have been lost (a worker down).

``stamp``: the task also gets ``queued_at``, the moment of the commit (ISO 8601): a run that
starts after it sees what the transaction wrote, so it serves the request, and the task can
skip the requests a run since has served.

Enqueueing happens after the commit: a task queue that fails then is logged (``robust``),
and the page that asked still answers, as the work it committed stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import F, Q
from django.tasks import Task
from django.utils import timezone


@dataclass(frozen=True)
class Claim:
    """The row of ``model`` found by ``key`` (made if missing) that records in the field
    ``asked`` when the work for the key was last asked for. A request is waiting while
    ``asked`` is set, the work was not done since (the field ``done``, when the model keeps
    one) and it is newer than ``lost_after``."""

    model: type[models.Model]
    key: Mapping[str, Any]
    asked: str
    lost_after: timedelta
    done: str = ""

    def take(self, now: datetime) -> bool:
        """Record a request made ``now`` unless one is waiting; True when it did."""
        manager = self.model._default_manager
        row, created = manager.get_or_create(**self.key, defaults={self.asked: now})
        if created:
            return True
        free = Q((f"{self.asked}__isnull", True)) | Q((f"{self.asked}__lt", now - self.lost_after))
        if self.done:
            free |= Q((f"{self.done}__gte", F(self.asked)))
        return bool(manager.filter(pk=row.pk).filter(free).update(**{self.asked: now}))


class _Enqueue:
    """The commit hook that enqueues one task with its arguments: equal for the same task
    and arguments, so that a transaction holds at most one. The arguments read as
    attributes (``hook.program_id``) for whoever looks at the hooks waiting."""

    def __init__(self, task: Task, kwargs: dict[str, Any], *, stamp: bool) -> None:
        self.task, self.kwargs, self.stamp = task, kwargs, stamp

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Enqueue)
            and other.task.module_path == self.task.module_path
            and other.kwargs == self.kwargs
        )

    def __hash__(self) -> int:
        return hash((self.task.module_path, tuple(sorted(self.kwargs))))

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["kwargs"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __call__(self) -> None:
        stamp = {"queued_at": timezone.now().isoformat()} if self.stamp else {}
        self.task.enqueue(**self.kwargs, **stamp)


def _waiting(hook: _Enqueue) -> bool:
    # Each entry is (savepoint ids, function, robust): a rolled-back savepoint drops its own.
    return any(entry[1] == hook for entry in transaction.get_connection().run_on_commit)


def queue_once(
    task: Task, /, *, claim: Claim | None = None, stamp: bool = False, **kwargs: Any
) -> bool:
    """Enqueue ``task(**kwargs)`` once the transaction commits (at once outside one) unless
    the same request waits already: in this transaction, or per ``claim``. ``stamp``: the
    task also gets ``queued_at``, the commit's moment. True when it asked."""
    hook = _Enqueue(task, kwargs, stamp=stamp)
    if _waiting(hook):
        return False
    if claim is not None and not claim.take(timezone.now()):
        return False
    transaction.on_commit(hook, robust=True)
    return True
