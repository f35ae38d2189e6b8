"""``remento send-checkins``: open due check-ins, send reminders, mark missed ones; for cron.

Each program's check-in plan says when its pairs check in; this command opens the
check-ins that are due and emails them, reminds people after N and 2N days, and marks a
check-in missed after 3N days. Each email goes once, however often it runs. A crontab line
for an hourly run::

    15 * * * *  cd /srv/remento && .venv/bin/remento send-checkins

``--enqueue`` hands the work to the task worker (``remento db_worker``) instead.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.core.words import count_of
from remento.relationships.checkins.tasks import send_checkins


class Command(TaskCommand):
    help = (
        "Open the check-ins due on each program's cadence, send reminders and mark late ones "
        "missed. Run it from cron (e.g. hourly)."
    )
    task = send_checkins

    def report(self, done: int) -> str:
        return f"{count_of(done, 'check-in')} opened, reminded or marked missed."
