"""A management command that runs one background task now, or hands it to the worker.

Cron-driven housekeeping (expiring requests, purging leavers) is a task the worker also
runs; the command is the cron entry point and the safety net without a worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.tasks import Task


class TaskCommand(BaseCommand):
    """Subclasses set ``task`` and say in ``report`` what running it now did."""

    task: Task[[], int]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background task worker instead of running it now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = self.task.name
        if options["enqueue"]:
            result = self.task.enqueue()
            self.stdout.write(f"Enqueued {name} (task result {result.id}).")
            return
        self.stdout.write(self.report(self.task.call()))

    def report(self, done: int) -> str:
        raise NotImplementedError
