"""A program's KPIs as measured week by week, so every KPI is tracked over time."""

from __future__ import annotations

from django.db import models

from remento.programs.models import KpiKind, Program


class KpiSnapshot(models.Model):
    """One KPI of one program as measured in one ISO week (``week`` is its Monday).

    ``value`` is empty when there was not enough data that week; ``sample`` is the number of
    people or pairs behind the figure. Written by the weekly ``snapshot-kpis`` task (and
    again when it runs twice in a week: the week's row is replaced)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kpi_snapshots")
    kind = models.CharField(max_length=30, choices=KpiKind.choices)
    week = models.DateField()
    value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    sample = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["program", "kind", "week"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "week"], name="kpi_snapshot_once_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.program}, week of {self.week}: {self.value}"
