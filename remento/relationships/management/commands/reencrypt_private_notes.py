"""``remento reencrypt-private-notes``: after a key rotation, encrypt every private note
again with the newest key of ``REMENTO_PRIVATE_NOTES_KEYS``.

Rotation: put the new key first (``NEW,OLD``), restart, run this command, then drop the old
key. The notes' texts never leave the crypto module, and nothing is printed but counts.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from remento.relationships.notes.crypto import reencrypt
from remento.relationships.notes.models import PrivateNote

BATCH = 500


class Command(BaseCommand):
    help = (
        "Encrypt every private note again with the first key of REMENTO_PRIVATE_NOTES_KEYS "
        "(run after putting a new key first; then the old key can be removed)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        last = 0
        while True:
            with transaction.atomic():
                notes = list(
                    PrivateNote.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("pk", "ciphertext")[:BATCH]
                )
                if not notes:
                    break
                for note in notes:
                    note.ciphertext = reencrypt(note.ciphertext)
                PrivateNote.objects.bulk_update(notes, ["ciphertext"])
            done += len(notes)
            last = notes[-1].pk
        self.stdout.write(f"{done} private note(s) encrypted with the newest key.")
