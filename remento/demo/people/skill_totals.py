"""The demo step that works out the skill totals the skill-gap pages read."""

from __future__ import annotations

from remento.demo.steps import DemoContext
from remento.people.skill_totals import skill_totals_refresh


def demo_skill_totals(context: DemoContext) -> None:
    """Work out the demo organisation's skill totals, as the worker would have after the
    seeding's writes, so the skill-gap pages read them from the first view. Runs last: the
    steps before it change people's skills and levels. A second run replaces them."""
    cells = skill_totals_refresh(context.organization)
    context.log(f"Skill totals: {cells} rows (skill x level x department).")
