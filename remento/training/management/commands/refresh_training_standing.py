"""``remento refresh-training-standing``: count every program's training standing afresh.

The training compliance page reads the standing the worker keeps (``training.standing``),
counted again when a coordinator asks and when the page finds it a few minutes old. This
nightly run is the safety net::

    25 2 * * *  cd /srv/remento && .venv/bin/remento refresh-training-standing

``--enqueue`` hands the work to the task worker instead of running it now.
"""

from __future__ import annotations

from remento.core.management.task_command import TaskCommand
from remento.training.tasks import refresh_all_training_standing


class Command(TaskCommand):
    help = (
        "Count the training standing the compliance pages read, for every program with "
        "training. Run it from cron (e.g. nightly)."
    )
    task = refresh_all_training_standing

    def report(self, done: int) -> str:
        return f"Counted the training standing of {done} program(s)."
