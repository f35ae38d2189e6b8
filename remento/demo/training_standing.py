"""The demo step that counts the training standing the compliance pages read."""

from __future__ import annotations

from remento.demo.steps import DemoContext
from remento.programs.models import Program
from remento.training.standing import standing_refresh


def demo_training_standing(context: DemoContext) -> None:
    """Count each demo program's training standing, as the worker would have after the
    seeding's writes, so the compliance pages read it from the first view. Runs after the
    programs, pairs and completions exist. A second run replaces it."""
    programs = Program.objects.filter(organization=context.organization).order_by("pk")
    people = sum(standing_refresh(program) for program in programs)
    context.log(f"Training standing: {people} participants counted.")
