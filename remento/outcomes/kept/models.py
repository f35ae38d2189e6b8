"""Figures the task worker keeps, so that a page reads them instead of judging the whole
organisation at each view (``outcomes.kept.store``)."""

from __future__ import annotations

from django.db import models

from remento.core.models import Organization
from remento.programs.models import Program


class KeptFigures(models.Model):
    """One set of figures (``name``) of an organisation, or of one of its programs, as the
    worker last computed them (``computed_at``, shown on the page as "as of")."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="kept_figures"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="kept_figures"
    )
    name = models.CharField(max_length=40)
    payload = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organization", "name", "program"])]

    def __str__(self) -> str:
        return f"{self.name} of {self.program or self.organization}, {self.computed_at}"
