"""What a pair writes down: shared notes, action items, and each person's private notes.

Shared notes and action items are the two people's only: coordinators and admins never read
them (PRODUCT.md, "Data and privacy rules"). A private note is its author's only: nobody
else, not the partner, a coordinator, an organisation admin (break-glass included), the Django
admin (the model is not registered there), an export or the audit trail. Its text is stored
encrypted (``notes.crypto``), so a database dump alone does not reveal it.
"""

from __future__ import annotations

from django.db import models

from remento.core.models import TimeStampedModel
from remento.people.models import Employee
from remento.relationships.models import Pair
from remento.relationships.notes import crypto


class SharedNote(TimeStampedModel):
    """Notes both people of the pair read and edit (one per meeting, or about the pair)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="shared_notes")
    # The meeting the note is about (one note per meeting, both edit it), or none: about
    # the pair in general.
    meeting = models.ForeignKey(
        "relationships.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_notes",
    )
    body = models.TextField()
    author = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(meeting__isnull=False),
                name="shared_note_one_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"Shared note {self.pk} of pair {self.pair_id}"

    @property
    def was_edited(self) -> bool:
        """Changed after it was first saved (a minute's grace for the first save's own
        timestamps)."""
        return (self.updated_at - self.created_at).total_seconds() > 60


class ActionItem(TimeStampedModel):
    """Something one of the two people will do, by a date."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_date", "id"]

    def __str__(self) -> str:
        return f"Action item {self.pk} of pair {self.pair_id}"


class PrivateNote(TimeStampedModel):
    """A note only its author ever reads; ``ciphertext`` is all the database holds."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    ciphertext = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "pair"])]

    def __str__(self) -> str:
        # Never the text: this is what logs, error pages and shells print.
        return f"Private note {self.pk}"

    @property
    def body(self) -> str:
        return crypto.decrypt(self.ciphertext)

    def set_body(self, text: str) -> None:
        self.ciphertext = crypto.encrypt(text)
