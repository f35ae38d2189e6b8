"""Nudges: the email a coordinator sends to pairs (one editable template per program), and
the log that makes every nudge go out once per condition, never twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair


class NudgeTemplate(models.Model):
    """The coordinator's nudge for one program: a subject and a body with placeholders
    (``{partner}``, ``{days_since_meeting}``…; see ``health.text.PLACEHOLDERS``). A program
    without one uses ``health.text.DEFAULT_SUBJECT`` and ``DEFAULT_BODY``."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="nudge_template"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Nudge of {self.program}"


class NudgeCondition(models.TextChoices):
    COORDINATOR = "coordinator", "Sent by a coordinator"
    LOG_MEETING = "log_meeting", "Log your meeting"
    SCHEDULE_NEXT = "schedule_next", "Schedule your next meeting"
    NO_MEETING = "no_meeting", "No meeting for a while"


class NudgeSent(models.Model):
    """One nudge sent to a pair (to both people). ``occurrence`` says which instance of the
    condition it answered (the meeting to log, the last held meeting, the day a coordinator
    sent it), and the unique constraint makes a second send of the same one impossible, even
    from two workers at once."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="nudges")
    condition = models.CharField(max_length=20, choices=NudgeCondition.choices)
    occurrence = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "condition", "occurrence"], name="nudge_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} to {self.pair} ({self.occurrence})"
