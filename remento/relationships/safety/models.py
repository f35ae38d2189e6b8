"""Confidential requests to end or change a pair (“a safe way out”).

A request is seen by its asker and by the coordinators of the program's organisation who
are not one of the pair (see ``selectors``); the partner is never told who asked, nor why.
"""

from __future__ import annotations

from django.db import models

from remento.core.models import TimeStampedModel
from remento.people.models import Employee
from remento.relationships.models import Pair


class SafetyWish(models.TextChoices):
    END = "end", "End the pair"
    CHANGE = "change", "Change something about the pair"


class SafetyReason(models.TextChoices):
    SCHEDULES = "schedules", "Our schedules don't work together"
    FIT = "fit", "We are not a good fit"
    UNCOMFORTABLE = "uncomfortable", "I feel uncomfortable and want a confidential conversation"
    GOALS_REACHED = "goals_reached", "We have reached our goals"
    LEAVING = "leaving", "I am leaving the company or my role"
    OTHER = "other", "Something else"


class SafetyStatus(models.TextChoices):
    OPEN = "open", "Waiting for a coordinator"
    ANSWERED = "answered", "A coordinator replied"
    RESOLVED = "resolved", "Resolved"


# Requests a coordinator still has to act on (what the health board counts).
OPEN_REQUEST_STATUSES = (SafetyStatus.OPEN, SafetyStatus.ANSWERED)


class SafetyResolution(models.TextChoices):
    PAIR_CLOSED = "pair_closed", "The pair was closed"
    HANDLED = "handled", "Handled without closing the pair"


class SafetyRequest(TimeStampedModel):
    """One person's confidential request about their pair."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="safety_requests")
    asked_by = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    wish = models.CharField("what you would like", max_length=8, choices=SafetyWish.choices)
    reason = models.CharField(max_length=16, choices=SafetyReason.choices)
    details = models.TextField("in your own words", blank=True)
    status = models.CharField(
        max_length=10, choices=SafetyStatus.choices, default=SafetyStatus.OPEN
    )
    resolution = models.CharField(max_length=12, choices=SafetyResolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pair", "status"])]

    def __str__(self) -> str:
        return f"Confidential request #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class SafetyReply(models.Model):
    """A coordinator's private reply: the asker reads it, nobody else of the pair."""

    request = models.ForeignKey(SafetyRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Reply to {self.request}"
