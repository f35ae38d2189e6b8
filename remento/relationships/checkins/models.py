"""Check-ins: a short survey each person of a pair answers, on the program's cadence.

A program's ``CheckInPlan`` says when check-ins open (after the pair's first held meeting,
then every few weeks, and a closing one when the pair ends) and how long a person has before
a reminder; its ``CheckInQuestion`` rows are the coordinator's questions (the seed's three
questions to begin with). Each ``CheckIn`` is one person's survey of one round: its answers
are confidential to the program's coordinators, and the partner never sees them.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from remento.core.models import TimeStampedModel
from remento.enrollment.models import QuestionAudience, QuestionKind
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair

# One source of truth for the plan's settings: default and range, read by the model, the
# form and the services.
EVERY_DAYS_DEFAULT, EVERY_DAYS_MIN, EVERY_DAYS_MAX = 28, 7, 182
REMIND_DAYS_DEFAULT, REMIND_DAYS_MIN, REMIND_DAYS_MAX = 5, 1, 30
# The kinds of question a check-in may ask (a skill picker belongs to the sign-up only).
CHECKIN_KINDS = (QuestionKind.SCALE, QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TEXT)


class CheckInPlan(models.Model):
    """When a program's pairs are asked to check in. One per program, made with the defaults
    the first time it is needed; a change applies to check-ins opened from then on."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, primary_key=True, related_name="checkin_plan"
    )
    after_first_meeting = models.BooleanField(
        "ask after the pair's first meeting",
        default=True,
        help_text="The first check-in, which also asks whether the pair is a good fit.",
    )
    every_days = models.PositiveSmallIntegerField(
        "then every (days)",
        default=EVERY_DAYS_DEFAULT,
        validators=[MaxValueValidator(EVERY_DAYS_MAX)],
        help_text=f"0 for none; otherwise {EVERY_DAYS_MIN} to {EVERY_DAYS_MAX} days "
        f"({EVERY_DAYS_DEFAULT} = every 4 weeks).",
    )
    closing = models.BooleanField(
        "ask both people when the pair ends",
        default=True,
    )
    remind_after_days = models.PositiveSmallIntegerField(
        "remind after (days)",
        default=REMIND_DAYS_DEFAULT,
        validators=[MinValueValidator(REMIND_DAYS_MIN), MaxValueValidator(REMIND_DAYS_MAX)],
        help_text="A reminder after this many days unanswered, a second after twice as many; "
        "a check-in still unanswered after three times as many is marked missed.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Check-in plan of {self.program}"


class QuestionMoment(models.TextChoices):
    """Which of a pair's check-ins ask a question: a closing check-in looks back, so a
    question about how things are going may be asked only while the pair runs."""

    EVERY = "", "Every check-in"
    DURING = "during", "While the pair runs"
    CLOSING = "closing", "The closing check-in only"


class CheckInQuestion(TimeStampedModel):
    """One of a program's own check-in questions, asked after the rating (and the fit)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="checkin_questions")
    text = models.CharField("question", max_length=300)
    help_text = models.CharField("help", max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=[(k.value, k.label) for k in CHECKIN_KINDS])
    audience = models.CharField(
        "asked of", max_length=10, choices=QuestionAudience.choices, blank=True
    )
    asked_at = models.CharField(
        "asked at", max_length=10, choices=QuestionMoment.choices, default="", blank=True
    )
    required = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=1)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["program", "position"])]

    def __str__(self) -> str:
        return self.text

    def asked_of(self, role: str) -> bool:
        return self.audience in ("", role)

    def asked_in(self, kind: str) -> bool:
        """Whether a check-in of ``kind`` (a ``CheckInKind``) asks this question."""
        if self.asked_at == QuestionMoment.EVERY:
            return True
        return (self.asked_at == QuestionMoment.CLOSING) == (kind == CheckInKind.CLOSING)


class CheckInKind(models.TextChoices):
    FIRST = "first", "After the first meeting"
    REGULAR = "regular", "Regular"
    CLOSING = "closing", "Closing"


class CheckInStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "No longer asked (the pair ended)"


class Fit(models.TextChoices):
    YES = "yes", "Yes, a good fit"
    UNSURE = "unsure", "Not sure yet"
    NO = "no", "No, not a good fit"


RATING_LABELS: dict[int, str] = {
    1: "Not working",
    2: "Difficult",
    3: "All right",
    4: "Good",
    5: "Excellent",
}


def rating_label(rating: int | None) -> str:
    """``rating_label(4)`` → "4 — Good"; no rating → ""."""
    if rating is None:
        return ""
    return f"{rating} — {RATING_LABELS.get(rating, '')}".rstrip(" —")


class CheckIn(TimeStampedModel):
    """One person's check-in of one round of a pair.

    ``remind_at``, ``remind_again_at`` and ``closes_at`` are fixed when it opens, from the
    plan then; ``notified_at``, ``reminded_at`` and ``reminded_again_at`` record each email,
    so the background task sends each exactly once. ``answers`` is a copy of each question
    and answer as they read when answered (a later edit of a question never changes it).
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="checkins")
    role = models.CharField(max_length=6)
    kind = models.CharField(max_length=8, choices=CheckInKind.choices)
    number = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.OPEN
    )
    opened_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    remind_again_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminded_again_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    fit = models.CharField(max_length=6, choices=Fit.choices, blank=True)
    comments = models.TextField(blank=True)
    answers = models.JSONField(default=list, blank=True)
    # Closing check-ins: the person allows their comments to be quoted, unnamed, in the
    # program's report.
    quote_allowed = models.BooleanField(default=False)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "employee", "kind", "number"], name="checkin_once_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="checkin_rating_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "remind_at"]),
            models.Index(fields=["status", "closes_at"]),
            models.Index(fields=["pair", "employee", "answered_at"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check-in of {self.employee} ({self.pair})"

    @property
    def title(self) -> str:
        if self.kind == CheckInKind.FIRST:
            return "First check-in"
        if self.kind == CheckInKind.CLOSING:
            return "Closing check-in"
        return f"Check-in {self.number + 1}"

    @property
    def asks_fit(self) -> bool:
        return self.kind == CheckInKind.FIRST

    @property
    def rating_display(self) -> str:
        return rating_label(self.rating)
