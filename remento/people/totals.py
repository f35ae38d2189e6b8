"""The skill-gap pages' totals, kept by the worker (``people.skill_totals`` works them out):
a few thousand rows per organisation whatever its headcount, so that the pages read sums
instead of every person's skills."""

from __future__ import annotations

from django.db import models

from remento.core.models import Organization
from remento.people.models import Department, Skill


class SkillTotalsRun(models.Model):
    """When the worker last worked out an organisation's skill totals: their "as of".

    Without a row the skill-gap pages count the skill rows themselves (a new organisation,
    or one the worker has not reached yet); see ``people.skill_totals``."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="skill_totals_run"
    )
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Skill totals of {self.organization} as of {self.computed_at:%Y-%m-%d %H:%M}"


class SkillTotal(models.Model):
    """The active people of one level and department who want one skill (and their total
    priority) and who can teach it (proficiency 3 or more). Kept by the worker: as many
    rows as skills x levels x departments in use, whatever the headcount."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    wanted_by = models.PositiveIntegerField(default=0)
    priority_total = models.PositiveIntegerField(default=0)
    teachable_by = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organization", "level"])]

    def __str__(self) -> str:
        return f"{self.skill_id} at level {self.level}: {self.wanted_by}/{self.teachable_by}"


class HeadcountTotal(models.Model):
    """The active people of one level and department, kept beside ``SkillTotal`` (the
    skill-gap pages' learner and teacher counts)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    people = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organization", "level"])]

    def __str__(self) -> str:
        return f"{self.people} at level {self.level}"
