"""A pair's goals and their milestones.

A goal belongs to the person who is learning: the mentee (the senior leader, in reverse
mentoring), or either person in a mutual program, where both teach and both learn. Both people
of the pair read and edit all of the pair's goals; coordinators see only how many there are
and their average progress; an organisation admin sees them after break-glass (see
``remento.relationships.confidential``), as the agreement's goals they come from.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from remento.core.models import TimeStampedModel
from remento.people.models import Employee, Skill
from remento.relationships.models import Pair


class GoalSource(models.TextChoices):
    AGREEMENT = "agreement", "From the agreement"
    SKILL = "skill", "From the skills to learn"
    OWN = "own", "Added by the pair"


class Goal(TimeStampedModel):
    """One thing a person of the pair wants to reach.

    Progress is the share of its milestones that are done when it has any; otherwise the
    percentage the pair sets by hand (``progress``), so a goal without steps still moves.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    owner = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="mentoring_goals")
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=10, choices=GoalSource.choices, default=GoalSource.OWN)
    skill = models.ForeignKey(Skill, on_delete=models.SET_NULL, null=True, blank=True)
    created_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="goal_progress_0_100",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        """Progress from the milestones (prefetch them) when there are any, else by hand."""
        milestones = list(self.milestones.all())
        if not milestones:
            return self.progress
        done = sum(1 for milestone in milestones if milestone.done_at is not None)
        return round(100 * done / len(milestones))

    @property
    def past_target(self) -> bool:
        """Not reached, and its target date is behind us (the reader's today)."""
        return (
            self.target_date is not None
            and self.target_date < timezone.localdate()
            and self.progress_percent < 100
        )


class Milestone(models.Model):
    """A step towards a goal, done or not yet."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
