"""Background work of the pairs' health (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.relationships.health.automatic import nudges_send_due
from remento.relationships.health.states import records_refresh_all


@task()
def send_due_nudges() -> int:
    """Send the automatic nudges that are due (log your meeting, schedule the next one, no
    meeting for twice the cadence), each once; ``remento send-nudges`` runs it from cron.
    Returns how many nudges went out."""
    return nudges_send_due()


@task()
def judge_pair_health() -> int:
    """Judge again every open pair whose health record has lapsed or is missing, program
    by program (``states.refresh_records``), so that no view of a health board pays for
    a whole program; ``remento judge-pair-health`` runs it from cron. Returns how many
    programs were looked at."""
    return records_refresh_all()
