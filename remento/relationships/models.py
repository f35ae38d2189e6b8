"""Mentoring pairs and what happens inside them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from remento.core.models import TimeStampedModel
from remento.people.models import Employee
from remento.people.sort_names import MAX_LENGTH as SORT_NAME_LENGTH
from remento.programs.models import Program


class PairStatus(models.TextChoices):
    LAUNCHING = "launching", "Launching (agreement and training)"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class PairSource(models.TextChoices):
    BULK = "bulk", "Matched by a coordinator"
    CHOICE = "choice", "Chosen by the mentee"


# A pair that is open: launching or active (not yet closed).
OPEN_PAIR_STATUSES = (PairStatus.LAUNCHING, PairStatus.ACTIVE)
OPEN_PAIR = models.Q(status__in=OPEN_PAIR_STATUSES)
# A status's place in a program's list of pairs: launching first (what still stops them is
# the list's point), then active, then closed.
STATUS_RANK = models.Case(
    *(
        models.When(status=value, then=models.Value(rank))
        for rank, value in enumerate(PairStatus.values)
    ),
    output_field=models.IntegerField(),
)


class Pair(TimeStampedModel):
    """A mentor and a mentee in one program.

    A mentee has at most one open pair per program (a database constraint, so publishing
    twice or two coordinators at once can never create a second); a mentor's capacity is
    held by the services under a row lock on the mentor's enrolment.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    # RESTRICT: deleting one person never deletes their partner's pair (people are erased,
    # see people/services/personal_data.py); deleting the whole program or organisation may.
    mentor = models.ForeignKey(Employee, on_delete=models.RESTRICT, related_name="pairs_as_mentor")
    mentee = models.ForeignKey(Employee, on_delete=models.RESTRICT, related_name="pairs_as_mentee")
    status = models.CharField(
        max_length=12, choices=PairStatus.choices, default=PairStatus.LAUNCHING
    )
    source = models.CharField(max_length=10, choices=PairSource.choices)
    score = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField("why the pair ended", blank=True)
    # Set when the pair closes: True when it ran its course (the program closed, or its end
    # date had come), False when it ended early. Empty while open. The completion KPI.
    completed = models.BooleanField(null=True, blank=True, editable=False)
    # For the program's list of pairs, by status and then by mentee, a page at a time from
    # an index (program, status_rank, mentee_sort_name, id) at the same cost at any size:
    # the status's rank, worked out by the database, and the mentee's name as sorted
    # (``people.sort_names``: given when the pair is made, rewritten when the name changes).
    status_rank = models.GeneratedField(
        expression=STATUS_RANK, output_field=models.IntegerField(), db_persist=True
    )
    mentee_sort_name = models.CharField(max_length=SORT_NAME_LENGTH, default="", editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee"], condition=OPEN_PAIR, name="pair_one_open_per_mentee"
            ),
            models.UniqueConstraint(
                fields=["program", "mentor", "mentee"],
                condition=OPEN_PAIR,
                name="pair_unique_open_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="pair_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            # A person's pairs in a program by status, from the index alone: whether each of
            # a program's mentees has an open pair (the requests overview's mentees who have
            # not chosen), how many each mentor has (``open_pair_counts``). SQLite cannot use
            # the partial indexes of the constraints above when the statuses are bound
            # parameters: it read every open pair of the program, or every pair of the person.
            models.Index(fields=["program", "mentee", "status"], name="pair_program_mentee"),
            models.Index(fields=["program", "mentor", "status"], name="pair_program_mentor"),
            models.Index(
                fields=["program", "status_rank", "mentee_sort_name", "id"],
                name="pair_program_list_page",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    def partner_of(self, person_id: int) -> Employee:
        """The other member of the pair: the mentee for its mentor, else the mentor."""
        return self.mentee if person_id == self.mentor_id else self.mentor


class PairAgreement(models.Model):
    """The terms the two people of a pair fill in together, under the program's agreement.

    Either person may edit them while the pair is launching; a signature covers the terms
    as they were when signed (see ``AgreementSignature``).
    """

    pair = models.OneToOneField(
        Pair, on_delete=models.CASCADE, primary_key=True, related_name="agreement"
    )
    goals = models.TextField("our goals", blank=True)
    cadence_days = models.PositiveSmallIntegerField(
        "days between our meetings",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    confidentiality = models.BooleanField(
        "we keep what is said in our meetings between us", default=False
    )
    updated_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Agreement of {self.pair}"

    @property
    def is_complete(self) -> bool:
        return bool(self.goals.strip()) and self.cadence_days is not None and self.confidentiality


class AgreementSignature(models.Model):
    """One person's signature on one exact version of the pair's agreement.

    ``text`` is a copy of what was signed, so later edits to the program's agreement text or
    to the pair's terms never change it; ``text_sha256`` is the hash of exactly that copy, and
    ``agreement.signature_covers`` tells whether it covers the agreement as it reads now.
    Signing the same version twice finds the first signature.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="signatures")
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="agreement_signatures"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "employee", "text_sha256"], name="signature_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} signed {self.pair} at {self.signed_at:%Y-%m-%d %H:%M}"


class ChecklistStep(models.TextChoices):
    """The kick-off checklist, in the order a pair goes through it."""

    KICKOFF = "kickoff", "Meet for the kick-off"
    GOALS = "goals", "Agree your goals"
    SIGN = "sign", "Both sign the agreement"
    TRAINING = "training", "Complete the required training"
    SCHEDULE = "schedule", "Schedule your first meetings"


# These two tick themselves from the signatures and the training records, so nobody can
# tick them by hand while they are not true.
AUTOMATIC_STEPS = frozenset({ChecklistStep.SIGN, ChecklistStep.TRAINING})


class ChecklistTick(models.Model):
    """A kick-off step that one of the pair ticked (either person may tick or untick it)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checklist_ticks")
    step = models.CharField(max_length=12, choices=ChecklistStep.choices)
    done_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "step"], name="checklist_tick_once"),
            models.CheckConstraint(
                condition=~models.Q(step__in=["sign", "training"]),
                name="checklist_tick_manual_steps_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.pair})"


# The workspace's models live in sub-packages; importing them here registers them with the app.
from remento.relationships.checkins.models import CheckIn, CheckInPlan, CheckInQuestion  # noqa: E402, F401
from remento.relationships.goals.models import Goal, GoalSource, Milestone  # noqa: E402, F401
from remento.relationships.health.models import (  # noqa: E402, F401
    NudgeSent,
    NudgeTemplate,
    PairHealthRecord,
)
from remento.relationships.meetings.models import CalendarFeed, Meeting  # noqa: E402, F401
from remento.relationships.notes.models import (  # noqa: E402, F401
    ActionItem,
    PrivateNote,
    SharedNote,
)
from remento.relationships.safety.models import SafetyReply, SafetyRequest  # noqa: E402, F401
