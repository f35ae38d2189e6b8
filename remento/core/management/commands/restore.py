"""``remento restore ARCHIVE [--force]``: put back a backup made by ``remento backup``.

Refuses to replace a database that holds data, or uploaded files, unless ``--force``;
``--check`` only reads the archive and says what it holds. See the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from remento.core.backup import ENGINE_NAMES, backup_manifest, backup_restore
from remento.core.errors import ServiceError


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from an archive made by `remento backup`."
    # The checks open the database, which on a bare server may not exist yet; the restore
    # creates it, and the `remento migrate` run afterwards checks everything.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar file written by `remento backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data and the files in MEDIA_ROOT",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only read the archive and say what it holds; change nothing",
        )

    def handle(self, *args: Any, archive: str, force: bool, check: bool, **options: Any) -> None:
        try:
            if check:
                self._describe(backup_manifest(source=Path(archive)))
                return
            summary = backup_restore(source=Path(archive), force=force)
        except ServiceError as error:
            raise CommandError(str(error)) from error
        if summary.replaced_tables or summary.replaced_media_files:
            self.stdout.write(
                f"Replaced what was there: data in {len(summary.replaced_tables)} table(s) "
                f"and {summary.replaced_media_files} uploaded file(s)."
            )
        if summary.mismatches:
            listed = "; ".join(
                f"{name}: {saved} saved, {restored} restored"
                for name, (saved, restored) in sorted(summary.mismatches.items())
            )
            raise CommandError(f"The restored row counts differ from the backup's: {listed}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {ENGINE_NAMES[summary.engine]} database of {summary.created_at} "
                f"({len(summary.tables)} tables, {sum(summary.tables.values())} rows, every "
                f"count as saved) and {summary.media_files} uploaded file(s)."
            )
        )
        self.stdout.write(
            "Next: run `remento migrate` (if this Remento is newer than the backup), then "
            "restart the site and its worker."
        )

    def _describe(self, manifest: dict[str, Any]) -> None:
        tables = manifest["tables"]
        self.stdout.write(
            f"A backup of a {ENGINE_NAMES[manifest['engine']]} database made "
            f"{manifest['created_at']} by Remento {manifest['remento_version']}: "
            f"{len(tables)} tables, {sum(tables.values())} rows, "
            f"{manifest['media_files']} uploaded file(s)."
        )
        for name, count in sorted(tables.items()):
            self.stdout.write(f"  {name}: {count}")
