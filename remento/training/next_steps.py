"""The training part of a person's home: required modules not completed yet."""

from __future__ import annotations

from django.urls import reverse

from remento.core.next_steps import URGENCY_TRAINING, HomePart, NextStep
from remento.people.models import Employee
from remento.training.models import ModuleTiming
from remento.training.selectors import training_for_participant


def training_home(employee: Employee) -> HomePart:
    """One step per program with required modules left, before-launch ones first (they
    hold a pair back). Three queries."""
    part = HomePart()
    for training in training_for_participant(employee=employee):
        left = [s.module for s in training.modules if s.module.required and not s.done]
        if not left:
            continue
        left.sort(key=lambda m: (m.timing != ModuleTiming.BEFORE_LAUNCH, m.position, m.pk))
        first = left[0]
        count = len(left)
        part.steps.append(
            NextStep(
                urgency=URGENCY_TRAINING,
                title=(
                    f"Finish your required training in {training.program.name}: "
                    f"{count} module{'s' if count != 1 else ''} left"
                ),
                detail=f"Start with “{first.title}” (about {first.estimated_minutes} minutes)."
                + (
                    " Your pair cannot start before it is done."
                    if first.timing == ModuleTiming.BEFORE_LAUNCH
                    else ""
                ),
                action="Open the training",
                url=reverse("training:module_detail", args=[first.pk]),
            )
        )
    return part
