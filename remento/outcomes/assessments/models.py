"""Skill assessments: how well a learner does each skill they came to learn, before and after.

At the start of a pair the learner rates themselves on the skills they want to learn; at the
end they rate themselves again and their mentor rates them on the same skills. In a mutual
program both people of the pair are learners. Someone who missed the first assessment gives
a retrospective one at the end (“then and now”): ``retrospective`` marks it in every figure.
Each level of the 1–5 scale has a plain description (``levels``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from remento.core.models import TimeStampedModel
from remento.people.models import Employee, Skill
from remento.relationships.models import Pair

LEVEL_MIN, LEVEL_MAX = 1, 5


class Phase(models.TextChoices):
    BEFORE = "before", "Before (at the start)"
    AFTER = "after", "After (at the end)"


class RaterRole(models.TextChoices):
    SELF = "self", "Self-assessment"
    MENTOR = "mentor", "The mentor's assessment"


class AssessmentStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    CANCELLED = "cancelled", "No longer asked"


class Assessment(TimeStampedModel):
    """One rater's ratings of one learner's skills in one pair, at one phase."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="assessments")
    learner = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="assessments_received"
    )
    rater = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assessments_given")
    rater_role = models.CharField(max_length=6, choices=RaterRole.choices)
    phase = models.CharField(max_length=6, choices=Phase.choices)
    retrospective = models.BooleanField(
        default=False,
        help_text="A “then” rating given at the end by someone who missed the start.",
    )
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.OPEN
    )
    opened_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "learner", "rater", "phase"], name="assessment_once_per_phase"
            ),
        ]
        indexes = [
            models.Index(fields=["rater", "status"]),
            models.Index(fields=["pair", "phase", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_rater_role_display()} of {self.learner} ({self.get_phase_display()})"

    @property
    def title(self) -> str:
        """What it is, as its rater reads it: “Your self-assessment at the start”."""
        when = "at the start" if self.phase == Phase.BEFORE else "at the end"
        if self.rater_role == RaterRole.MENTOR:
            return f"Your assessment of {self.learner.display_name} {when}"
        late = ", given late" if self.retrospective else ""
        return f"Your self-assessment {when}{late}"


class AssessmentRating(models.Model):
    """One skill's level in one assessment; empty until the rater answers."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)],
    )

    class Meta:
        ordering = ["skill__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "skill"], name="rating_once_per_skill"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True)
                | models.Q(level__gte=LEVEL_MIN, level__lte=LEVEL_MAX),
                name="rating_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.level or '—'}"
