"""A program's pair health as recorded week by week, so the results page reads past weeks
instead of working every pair's state out again for each of them."""

from __future__ import annotations

from django.db import models

from remento.programs.models import Program
from remento.relationships.health.rules import HealthState


class HealthSnapshot(models.Model):
    """How many of a program's open pairs were in each health state at the end of one
    week (``week`` is its Monday), by the health board's rules (``health_history``).

    Written once, after the week has ended, by the ``snapshot-health`` task; never
    rewritten, as a KPI's past week is not (see ``health_snapshots``)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="health_snapshots")
    week = models.DateField()
    on_track = models.PositiveIntegerField(default=0)
    needs_attention = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    too_early = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["program", "week"]
        constraints = [
            models.UniqueConstraint(fields=["program", "week"], name="health_snapshot_once"),
        ]

    def __str__(self) -> str:
        return f"Pair health of {self.program}, week of {self.week}"

    @property
    def counts(self) -> dict[HealthState, int]:
        """Open pairs in each state, as ``HealthWeek.counts`` holds them."""
        return {state: getattr(self, state.value) for state in HealthState}
