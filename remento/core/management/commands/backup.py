"""``remento backup [PATH]``: the database and the uploaded files, in one archive.

PATH is a new file, or a folder that gets ``remento-YYYYMMDD-HHMMSS.tar`` (default: the
current folder). See the README's "Backup and restore".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remento.core.backup import ENGINE_NAMES, backup_create
from remento.core.errors import ServiceError


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one archive (SQLite or PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=".",
            help="the archive to write, or a folder to write a dated archive into (default: .)",
        )

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            summary = backup_create(destination=Path(path))
        except ServiceError as error:
            raise CommandError(str(error)) from error
        rows = sum(summary.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {ENGINE_NAMES[summary.engine]} database ({len(summary.tables)} "
                f"tables, {rows} rows) and {summary.media_files} uploaded file(s) to "
                f"{summary.path}"
            )
        )
        self.stdout.write(
            "The archive holds personal data: keep it encrypted, off this machine, readable "
            "by operators only."
        )
