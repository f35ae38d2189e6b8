"""What the import's bulk writes share: batches of rows and the hand-over email.

Writes go in batches so that the number of queries grows with rows / ``BATCH_SIZE``, never
with rows. An email that moves to another row is first replaced by a placeholder unique to
its row, because the unique constraint on emails is checked row by row (two people may
swap theirs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import CharField, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat

BATCH_SIZE = 2000


def chunks[T](items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def handover_email() -> Combinable:
    """An email no one can have, unique to each row: ``handover-<pk>@import.invalid``."""
    return Concat(Value("handover-"), Cast("pk", CharField()), Value("@import.invalid"))
