"""Background work of check-ins (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.relationships.checkins.schedule import checkins_process


@task()
def send_checkins() -> int:
    """Open the check-ins due on each program's cadence and email them, send the reminders
    due, mark the late ones missed (see ``schedule``). Run from cron by
    ``remento send-checkins`` (or ``--enqueue`` for the worker); running it twice sends
    nothing new. Returns how many check-ins were opened, reminded or marked missed."""
    return checkins_process().total
