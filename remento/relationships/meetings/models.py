"""Meetings of a pair and each person's private calendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from remento.core.models import TimeStampedModel
from remento.people.models import Employee
from remento.relationships.models import Pair

DURATION_MIN, DURATION_MAX = 10, 480


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"
    MISSED = "missed", "Missed"


# Meetings still to happen (or to be logged): they can be answered, moved or cancelled.
OPEN_STATUSES = (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED)
LOGGED_STATUSES = (MeetingStatus.HELD, MeetingStatus.MISSED)


class MissedBy(models.TextChoices):
    MENTOR = "mentor", "The mentor"
    MENTEE = "mentee", "The mentee"
    BOTH = "both", "Both"


class Meeting(TimeStampedModel):
    """One meeting of a pair, each occurrence of a series a meeting of its own.

    ``starts_at`` is in UTC; ``timezone`` is the zone the time was entered in (the proposer's),
    so a series keeps its wall-clock time across daylight-saving changes. ``sequence`` grows
    with every change sent as a calendar invitation (RFC 5545 SEQUENCE), under a UID that
    never changes. The fields the pair's health reads: ``status``, ``cancelled_by``,
    ``missed_by``, ``starts_at``, ``duration_minutes``, ``held_minutes``.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    starts_at = models.DateTimeField("scheduled start (UTC)")
    duration_minutes = models.PositiveSmallIntegerField(
        "length in minutes",
        validators=[MinValueValidator(DURATION_MIN), MaxValueValidator(DURATION_MAX)],
    )
    timezone = models.CharField("time zone it was proposed in", max_length=64, default="UTC")
    location = models.CharField("place", max_length=200, blank=True)
    video_url = models.URLField("video link", max_length=500, blank=True)
    agenda = models.TextField(blank=True)
    # Who sent the first invitation (the calendar ORGANIZER) and who proposed the time now on
    # the table: the other person is the one who answers.
    organizer = models.ForeignKey(Employee, on_delete=models.RESTRICT, related_name="+")
    proposed_by = models.ForeignKey(Employee, on_delete=models.RESTRICT, related_name="+")
    sequence = models.PositiveIntegerField(default=0)
    series = models.UUIDField(null=True, blank=True, db_index=True)
    series_position = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    missed_by = models.CharField(max_length=6, choices=MissedBy.choices, blank=True)
    held_minutes = models.PositiveSmallIntegerField("real length in minutes", null=True, blank=True)
    topics = models.TextField("what we talked about", blank=True)
    logged_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["pair", "starts_at"]),
            models.Index(fields=["pair", "status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="missed") | ~models.Q(missed_by=""),
                name="meeting_missed_says_by_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting of {self.pair} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CalendarFeed(models.Model):
    """A person's private calendar feed. The URL's token is ``key`` plus an HMAC of it under
    the site's secret key, so the database alone never reveals a working URL and the URL can
    be shown again; a reset draws a new key, and the old URL stops working at once."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, primary_key=True, related_name="calendar_feed"
    )
    key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.employee}"
