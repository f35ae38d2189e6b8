"""A mentoring program: its objective (step 1), its design (step 2) and its lifecycle."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from remento.core.models import Organization, TimeStampedModel
from remento.matching.engine import criteria
from remento.people.models import Department


class ProgramType(models.TextChoices):
    REVERSE = "reverse", "Reverse mentoring (junior teaches senior)"
    MUTUAL = "mutual", "Mutual mentoring (both teach)"
    TRADITIONAL = "traditional", "Traditional mentoring (senior teaches junior)"


class ObjectiveType(models.TextChoices):
    HARD_SKILL = "hard_skill", "Hard skill or tool"
    SOFT_SKILL = "soft_skill", "Soft skill"
    SKILL_GAPS = "skill_gaps", "Identify skill gaps"
    PROCESSES = "processes", "Processes to improve"
    DIGITAL_LITERACY = "digital_literacy", "Social media and digital literacy"
    INCLUSIVE_CULTURE = "inclusive_culture", "A connected and inclusive culture"


class EnrollmentMode(models.TextChoices):
    NOMINATION = "nomination", "Nomination by a coordinator"
    OPEN = "open", "Open sign-up"
    APPLICATION = "application", "Application with approval"


class MatchingMode(models.TextChoices):
    BULK = "bulk", "Coordinator matches everyone"
    CHOICE = "choice", "Mentees choose from suggestions"
    HYBRID = "hybrid", "Coordinator matches some, participants choose the rest"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECRUITING = "recruiting", "Recruiting"
    MATCHING = "matching", "Matching"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


# Pairs are made and get ready (terms, signatures, checklist) once recruiting is over, and
# late joiners of an active program can still be matched; a pair starts only when Active.
PAIRING_STATUSES = (Status.MATCHING, Status.ACTIVE)

# The order a program moves through; a step back is only allowed where services say so.
STATUS_ORDER = [Status.DRAFT, Status.RECRUITING, Status.MATCHING, Status.ACTIVE, Status.CLOSED]


class SameDepartment(models.TextChoices):
    FORBID = "forbid", "Never pair people of the same department"
    ALLOW = "allow", "Department does not matter"
    PREFER = "prefer", "Prefer the same department"


# Pairs work at most this many hours apart by default: of an 8-hour working day (9 to 17)
# they then share at least 2 hours, so no pair starts with no working hour in common.
WORKDAY_HOURS = 8
MIN_SHARED_WORKING_HOURS = 2
DEFAULT_TIMEZONE_WINDOW_HOURS = WORKDAY_HOURS - MIN_SHARED_WORKING_HOURS
TIMEZONE_WINDOW_HELP = (
    "How many hours apart a mentor's and a mentee's time zones may be. The suggested 6 "
    "keeps at least 2 working hours in common (of a 9-to-5 day); empty = no limit, so a "
    "pair may have no working hour in common."
)


def default_weights() -> dict[str, float]:
    """The criteria table's defaults (reverse mentoring: what the mentee wants to learn
    matters most); the engine, the plan and the demo read the same table."""
    return criteria.default_weights()


class Program(TimeStampedModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=200)
    program_type = models.CharField(
        max_length=20, choices=ProgramType.choices, default=ProgramType.REVERSE
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # 1. Objective.
    objective_type = models.CharField(
        max_length=30, choices=ObjectiveType.choices, default=ObjectiveType.DIGITAL_LITERACY
    )
    # Blank while a draft: the Draft → Recruiting guard asks for it, in plain words.
    goal = models.TextField(
        blank=True, help_text="What the program is for, in one or two sentences."
    )
    method = models.TextField(blank=True, help_text="How the pairs will work towards the goal.")
    success_criteria = models.TextField(
        "what counts as success", blank=True, help_text="How you will know it worked."
    )

    # Who the program answers to: named on the report and the mentors' certificates.
    sponsor_name = models.CharField("executive sponsor", max_length=200, blank=True)
    sponsor_title = models.CharField("sponsor's title", max_length=200, blank=True)
    # Written by a coordinator at the end: the report's “what to change next time”.
    lessons = models.TextField(
        "what to change next time",
        blank=True,
        help_text="What you learned running this program and would do differently.",
    )

    # 2. Design.
    departments = models.ManyToManyField(
        Department, blank=True, related_name="programs", help_text="None chosen = everyone."
    )
    mentor_min_level = models.PositiveSmallIntegerField(default=1)
    mentor_max_level = models.PositiveSmallIntegerField(default=4)
    mentee_min_level = models.PositiveSmallIntegerField(default=7)
    mentee_max_level = models.PositiveSmallIntegerField(default=10)
    min_level_gap = models.PositiveSmallIntegerField(
        "minimum level gap",
        default=3,
        help_text="Reverse: the mentor sits at least this many levels below the mentee.",
    )
    max_pairs = models.PositiveIntegerField(
        "pairs at once", null=True, blank=True, help_text="Empty = no limit."
    )
    pairs_per_cohort = models.PositiveIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    meeting_cadence_days = models.PositiveSmallIntegerField(
        "days between meetings", default=14, validators=[MinValueValidator(1)]
    )
    meeting_length_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    enrollment_mode = models.CharField(
        max_length=20, choices=EnrollmentMode.choices, default=EnrollmentMode.OPEN
    )
    matching_mode = models.CharField(
        max_length=20, choices=MatchingMode.choices, default=MatchingMode.BULK
    )
    incentives = models.TextField(blank=True)

    # Matching settings for the engine.
    weights = models.JSONField(default=default_weights)
    reporting_line_depth = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How far up and down the reporting line pairs are excluded; empty = any depth.",
    )
    same_department = models.CharField(
        max_length=10, choices=SameDepartment.choices, default=SameDepartment.ALLOW
    )
    max_timezone_diff_hours = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=DEFAULT_TIMEZONE_WINDOW_HOURS,
        help_text=TIMEZONE_WINDOW_HELP,
    )
    mentor_capacity = models.PositiveSmallIntegerField(
        "mentees per mentor", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        "days a mentor has to answer a request",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    # 5. Launch.
    agreement_text = models.TextField(
        "mentoring agreement",
        blank=True,
        help_text="Expectations, confidentiality, cadence, goals and how to end the pair.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.name

    def engine_settings(self) -> dict[str, Any]:
        """The program's matching settings as plain values, for the matching adapter."""
        return {
            "program_type": self.program_type,
            "weights": dict(self.weights),
            "min_level_gap": self.min_level_gap,
            "reporting_line_depth": self.reporting_line_depth,
            "same_department": self.same_department,
            "max_timezone_diff_hours": self.max_timezone_diff_hours,
            "mentor_capacity": self.mentor_capacity,
        }


class KpiKind(models.TextChoices):
    MEETINGS_PER_PAIR = "meetings_per_pair", "Meetings per pair"
    GOALS_ACHIEVED = "goals_achieved", "Share of goals achieved (%)"
    CHECKIN_RATING = "checkin_rating", "Average check-in rating (1–5)"
    SKILL_GAIN = "skill_gain", "Mentee skill gain, before → after (points on 1–5)"
    MENTOR_RETENTION = (
        "mentor_retention",
        "Mentor retention after 12 months vs non-participants (pp)",
    )
    COMPLETION = "completion", "Share of pairs that complete (%)"
    PARTICIPATION = "participation", "Participants enrolled"


class ProgramKpi(models.Model):
    """A KPI chosen from the catalogue, with the target the program commits to."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kpis")
    kind = models.CharField(max_length=30, choices=KpiKind.choices)
    target = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="program_kpi_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target}"
