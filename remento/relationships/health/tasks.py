"""Background work of the pairs' health (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.relationships.health.automatic import nudges_send_due


@task()
def send_due_nudges() -> int:
    """Send the automatic nudges that are due (log your meeting, schedule the next one, no
    meeting for twice the cadence), each once; ``remento send-nudges`` runs it from cron.
    Returns how many nudges went out."""
    return nudges_send_due()
