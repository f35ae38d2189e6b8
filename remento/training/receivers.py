"""What training tells the programs app below it (registered in ``TrainingConfig.ready``):
the modules and resources on a program's page, and whether the viewer may open them."""

from __future__ import annotations

from typing import Any

from remento.people.models import Employee
from remento.programs.models import Program
from remento.training.models import Resource, TrainingModule
from remento.training.selectors import training_programs_of


def about_training(viewer: Employee, program: Program) -> dict[str, Any]:
    """The program's modules and resources; open to its participants and coordinators."""
    return {
        "takes_part": viewer.is_coordinator
        or training_programs_of(employee=viewer).filter(pk=program.pk).exists(),
        "modules": list(TrainingModule.objects.filter(program=program).order_by("position", "id")),
        "resources": list(Resource.objects.filter(program=program).order_by("category", "title")),
    }
