"""Background work of the training app (Django's tasks framework)."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from remento.training.standing import standing_refresh_all, standing_refresh_if_stale


@task()
def refresh_training_standing(program_id: int, queued_at: str | None = None) -> bool:
    """Count one program's training standing again unless a count since ``queued_at`` (ISO
    8601) serves the request (``training.standing``). True when it counted."""
    since = None if queued_at is None else datetime.fromisoformat(queued_at)
    return standing_refresh_if_stale(program_id, queued_at=since)


@task()
def refresh_all_training_standing() -> int:
    """Count every program's training standing again (``remento refresh-training-standing``,
    nightly from cron). Returns how many programs."""
    return standing_refresh_all()
