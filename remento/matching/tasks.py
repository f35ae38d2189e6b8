"""Background work of the matching app (Django's tasks framework)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.tasks import task

from remento.matching.models import MentorRequest
from remento.matching.services.background import match_run_perform
from remento.matching.services.expiry import mentor_requests_expire
from remento.matching.services.previews import preview_compute
from remento.matching.services.swap_index import swap_index_compute

# The delayed expiry task runs this long after the deadline, so the request is due by then.
EXPIRY_SLACK = timedelta(seconds=5)


@task()
def expire_requests() -> int:
    """Expire mentor requests past their deadline and ask each mentee's next choice.

    Every new request schedules this task for just after its deadline (``schedule_expiry``),
    so with a worker running (``remento demo`` starts one) requests expire on time even when
    nobody opens a page; ``remento expire-requests`` runs it from cron as a safety net
    (pages only read: they show overdue requests as expired). Returns how many expired.
    """
    return mentor_requests_expire()


def schedule_expiry(when: datetime) -> bool:
    """Have the task worker expire requests just after ``when``; False (nothing queued) when
    the task backend cannot run work later (the immediate backend of tests): then
    ``remento expire-requests`` from cron expires them."""
    if not expire_requests.get_backend().supports_defer:
        return False
    expire_requests.using(run_after=when + EXPIRY_SLACK).enqueue()
    return True


def schedule_request_expiry(sender: Any, *, request: MentorRequest, **kwargs: Any) -> None:
    """On ``matching.signals.mentor_request_sent``: schedule the new request's expiry once
    its transaction commits (connected in ``MatchingConfig.ready``)."""
    expires_at = request.expires_at
    transaction.on_commit(lambda: schedule_expiry(expires_at), robust=True)


@task()
def match_run_execute(run_id: int) -> str:
    """Solve a coordinator's matching run queued by ``services.background.match_run_queue``,
    recording its phases on the run; returns the run's status at the end."""
    return str(match_run_perform(run_id=run_id).status)


@task()
def matching_preview_compute(program_id: int, force: bool = False) -> str:
    """Compute and store a program's matching preview (``services.previews``); returns the
    stored state ("ready", "failed"), or "" when the program or its preview is gone."""
    preview = preview_compute(program_id=program_id, force=force)
    return str(preview.state) if preview is not None else ""


@task()
def swap_index_build(run_id: int) -> bool:
    """Encode a run's people for its swap search (``services.swap_index``); returns whether
    one was stored (not when the run is gone or no longer under review)."""
    return swap_index_compute(run_id=run_id) is not None
