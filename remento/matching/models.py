"""Matching inside the app: coordinator runs under review, and mentees' requests to mentors.

A ``MatchRun`` is one run of the engine on a program's enrolled pool; its ``ProposedPair``
and ``Unmatched`` rows are what the coordinator reviews, adjusts by hand and publishes.
Nothing here is a pair yet: publishing turns proposals into ``relationships.Pair`` rows.
A ``MentorRequest`` is a mentee asking one mentor in a participant-choice program.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from remento.core.models import TimeStampedModel
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair


class MatchRunStatus(models.TextChoices):
    RUNNING = "running", "In progress"
    REVIEW = "review", "Under review"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a newer run"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class MatchRunPhase(models.TextChoices):
    """Where a run is: queued for the worker, then the engine's own phases as it reports them."""

    QUEUED = "queued", "Waiting for the task worker"
    READING = "reading", "Reading the pool"
    SCORING = "scoring", "Scoring the possible pairs"
    SOLVING = "solving", "Finding the best set of pairs"
    EXPLAINING = "explaining", "Explaining each proposed pair"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class MatchRun(TimeStampedModel):
    """One engine run on a program's pool, kept with the settings it ran under.

    A run starts ``running`` (queued for the task worker), moves through the engine's phases
    and ends ``review`` (its proposals written in one transaction), ``failed`` (with the
    reason) or ``cancelled``; at most one run of a program is ``running`` at a time.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="match_runs")
    settings_snapshot = models.JSONField(
        help_text="The program's matching settings at the time of the run."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=MatchRunStatus.choices, default=MatchRunStatus.REVIEW
    )
    summary = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase = models.CharField(
        max_length=12, choices=MatchRunPhase.choices, default=MatchRunPhase.DONE
    )
    phase_note = models.CharField(
        max_length=200, blank=True, help_text="The engine's own words for the phase it is in."
    )
    started_at = models.DateTimeField(null=True, blank=True, help_text="When the worker began.")
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="The worker's last progress report."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True, help_text="Why the run failed, in plain words.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            # One run at a time per program, whatever the pages let through.
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(status="running"),
                name="match_run_one_running_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"Matching run {self.pk} of {self.program}"


class ProposedPair(models.Model):
    """A pair the engine (or the coordinator, by a swap) proposes in one run."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    mentor = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    contributions = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(default=False, help_text="Kept as it is by the next re-run.")
    removed = models.BooleanField(default=False, help_text="Never proposed again by a re-run.")
    pair = models.ForeignKey(
        Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-score", "id"]
        # The review's default order (best first) read straight from the index, a page at a
        # time; the summary's percentiles found by walking it, and its counts read from it
        # alone (``locked`` last for those), whatever the run's size.
        indexes = [models.Index(fields=["run", "removed", "-score", "id", "locked"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee"],
                condition=models.Q(removed=False),
                name="proposed_pair_one_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee} ({self.score:.2f})"


class Unmatched(models.Model):
    """Someone a run left without a partner, and why."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "employee"], name="unmatched_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.reason}"


class SwapIndex(models.Model):
    """A run's people as the engine encoded them once, for the swap search of its rows.

    The task worker writes it when the run ends (``services.swap_index``), so that a row's
    swap search scores the row against the whole run as one matrix product instead of
    reading and encoding every person of the run again. ``data`` is the engine's
    ``EncodedCohort`` bytes (empty while the worker has not written it); ``fingerprint``
    is the hash of the settings and skills it was encoded under: a search uses it only
    while the program's still match. The pairs themselves are read live on every search.
    """

    run = models.OneToOneField(MatchRun, on_delete=models.CASCADE, related_name="swap_index")
    fingerprint = models.CharField(max_length=64, blank=True)
    data = models.BinaryField(blank=True, default=b"")
    requested_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Swap index of {self.run}"


class PreviewState(models.TextChoices):
    COMPUTING = "computing", "Being computed"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class MatchPreview(models.Model):
    """A program's matching preview as the task worker last computed it.

    The preview page only reads this row; the worker recomputes it when its inputs change
    (``fingerprint`` is a hash of the pool, the rules and the weights), so no page runs the
    engine. ``data`` holds what the page shows: counts, score summary, histogram, the top
    pairs by employee id, and the unmatched reasons.
    """

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="matching_preview"
    )
    state = models.CharField(
        max_length=10, choices=PreviewState.choices, default=PreviewState.COMPUTING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker last found the inputs unchanged."
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    failure = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Matching preview of {self.program}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the mentor"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired unanswered"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CANCELLED = "cancelled", "Cancelled"


class MentorRequest(TimeStampedModel):
    """A mentee asking a mentor to pair up (participant-choice and hybrid programs)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentor_requests")
    mentee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="requests_made")
    mentor = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="requests_received")
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    rank = models.PositiveSmallIntegerField(
        help_text="Where the mentor stood in the mentee's suggestions (1 = first)."
    )
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("mentor's message", blank=True)
    automatic = models.BooleanField(
        default=False, help_text="Sent on the mentee's behalf after an earlier request expired."
    )
    pair = models.ForeignKey(
        Pair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=models.Q(status="pending"),
                name="mentor_request_one_pending_per_mentee",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentor_request_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "expires_at"]),
            models.Index(fields=["mentor", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} asks {self.mentor} ({self.status})"

    @property
    def is_overdue(self) -> bool:
        """Still marked waiting, but past its deadline: the expiry task has yet to close it."""
        return self.status == RequestStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def status_words(self) -> str:
        """The status as people read it: an overdue request reads as expired."""
        if self.is_overdue:
            return RequestStatus.EXPIRED.label
        return self.get_status_display()


class NudgeKind(models.TextChoices):
    CHOOSE = "choose", "Reminded to choose a mentor"
    ANSWER = "answer", "Reminded to answer a request"


class Nudge(TimeStampedModel):
    """A coordinator's email reminder to a mentee who has not chosen or a mentor who has
    not answered; kept so nobody is reminded twice within ``NUDGE_INTERVAL``."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="nudges")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="nudges")
    kind = models.CharField(max_length=10, choices=NudgeKind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "employee", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.employee}"
