"""Background work of the kept figures (Django's tasks framework)."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from remento.outcomes.kept.services import keep_figures as keep_every_figure
from remento.outcomes.kept.services import keep_figures_of_program


@task()
def keep_figures() -> int:
    """Keep the figures that judge the whole organisation (see ``outcomes.kept.services``).
    Run nightly from cron by ``remento keep-figures`` (or ``--enqueue`` for the worker).
    Returns how many sets of figures were kept."""
    return keep_every_figure()


@task()
def keep_program_figures(program_id: int, queued_at: str | None = None) -> int:
    """Keep one program's figures again, as of now (``outcomes.kept.refresh``: queued when
    one of its pairs starts or ends, and when a coordinator asks), unless a run since
    ``queued_at`` (ISO 8601) kept them already. Returns how many sets of figures were kept
    (none for a draft, a program deleted since, or figures already kept again)."""
    since = None if queued_at is None else datetime.fromisoformat(queued_at)
    return keep_figures_of_program(program_id, queued_at=since)
