"""Background work of the kept figures (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.outcomes.kept.services import keep_figures as keep_every_figure


@task()
def keep_figures() -> int:
    """Keep the figures that judge the whole organisation (see ``outcomes.kept.services``).
    Run nightly from cron by ``remento keep-figures`` (or ``--enqueue`` for the worker).
    Returns how many sets of figures were kept."""
    return keep_every_figure()
