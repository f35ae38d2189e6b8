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


class PairHealthRecord(models.Model):
    """An open pair's health state as the database last judged it (``health.states``), so
    that the health board counts, filters and sorts a program of any size from one indexed
    table instead of judging every pair at each view.

    ``valid_until`` is the first moment the state could change with time alone (a meeting
    gap crossing the cadence, the first weeks ending, a check-in becoming overdue, a
    cancellation leaving the 90-day window, the next meeting's start), at most a day ahead;
    a change to the pair's meetings, check-ins, goals, agreement or people deletes the row
    (``health.signals``). The board judges again, in one statement, every open pair without
    a row still valid, so what it shows is the rules' state now (to the second)."""

    pair = models.OneToOneField(
        Pair, on_delete=models.CASCADE, primary_key=True, related_name="health_record"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()  # ``HealthState.rank``: 0 At risk … 3 On track
    since = models.DateTimeField(null=True)  # the last meeting held, else the start
    rating = models.PositiveSmallIntegerField(null=True)  # the lowest latest rating
    judged_at = models.DateTimeField()
    valid_until = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["program", "rank", "since"]),
            # ``health.counts``: whether a program has a lapsed record, from the index alone.
            models.Index(fields=["program", "valid_until"], name="health_record_lapses"),
            models.Index(fields=["program", "judged_at"], name="health_record_judged"),
        ]

    def __str__(self) -> str:
        return f"Health of {self.pair_id} (rank {self.rank})"
