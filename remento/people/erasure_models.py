"""What is kept of an erased person's HRIS id: a keyed digest, so that an import that lists
the id again can say so, while the id itself is erased with the rest (``erased_ids``)."""

from __future__ import annotations

from django.db import models

from remento.core.models import Organization


class ErasedEmployeeId(models.Model):
    """The digest of the employee id of a person erased from ``organization``."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    erased_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "digest"], name="erased_employee_id_once"
            )
        ]

    def __str__(self) -> str:
        return f"An id erased on {self.erased_at:%Y-%m-%d}"
