"""Training records in a person's data export (a receiver of the people app's
``person_exporting`` signal, connected in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.training.models import TrainingCompletion


def export_training(sender: Any, *, employee: Employee, **kwargs: Any) -> list[ExportSection]:
    """The modules the person completed, with when. One query."""
    completions = TrainingCompletion.objects.filter(employee=employee).select_related(
        "module__program"
    )
    return [
        ExportSection(
            "training",
            "Training completed",
            [
                {
                    "program": completion.module.program.name,
                    "module": completion.module.title,
                    "completed_at": completion.completed_at.isoformat(),
                }
                for completion in completions
            ],
            order=40,
        )
    ]
