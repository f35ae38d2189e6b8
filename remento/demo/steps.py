"""Demo content beyond the directory: the extension point of ``remento seed-demo``.

``seed-demo`` builds the demo organisation's people, then runs every step listed in
``DEMO_STEPS`` in order. A step is a function ``step(context: DemoContext) -> None``, named
here by its dotted path so that listing a step imports nothing. To add demo content —
programs, enrolments, pairs, meetings — write a step under ``remento/demo/`` (e.g.
``remento/demo/programs/``) and add its path; no app imports this package.

Every step must be idempotent: ``seed-demo`` and ``remento demo`` run all steps on every
run, including against a demo organisation built earlier, so a step checks what exists
already and adds only what is missing. Steps must be deterministic too: take randomness
only from ``context.rng(name)``, and dates from ``context.today`` (the day of the build, so
that the demo is current whenever someone tries it, and the same all day).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from remento.core.models import Organization
    from remento.people.models import Employee

# Dotted paths of the demo steps, run in this order after the people exist.
DEMO_STEPS: list[str] = [
    "remento.demo.programs.demo_programs",  # one reverse program in each lifecycle state
    "remento.demo.people.history.demo_hris_history",  # leavers and promotions since the pilot
    "remento.demo.outcomes.demo_kpi_snapshots",  # the KPIs' weekly series, back-filled
    "remento.demo.outcomes.demo_health_snapshots",  # the pair-health weeks, recorded
    "remento.demo.outcomes.demo_kept_figures",  # the figures the nightly task keeps
    "remento.demo.people.skill_totals.demo_skill_totals",  # the skill-gap totals, kept
    "remento.demo.training_standing.demo_training_standing",  # compliance standing, kept
]


def demo_today() -> dt.date:
    """The day the demo is built for: today, in the server's time zone. Every demo date
    (hire dates, birth years, consents, program dates) counts from it, so two builds with
    the same seed on the same day write identical data, and a demo built on any day has
    its Recruiting program starting in the future."""
    return timezone.localdate()


DEMO_PASSWORD = "remento-demo"


@dataclass
class DemoContext:
    """What a demo step gets: the organisation, its demo personas and seeded randomness.

    ``personas`` maps ``"admin"``, ``"coordinator"``, ``"mentor"`` and ``"mentee"`` to the
    employees behind the demo sign-ins. ``log`` prints one line to the command's output.
    """

    organization: Organization
    personas: dict[str, Employee]
    seed: int
    today: dt.date = field(default_factory=demo_today)
    log: Callable[[str], None] = field(default=lambda message: None)

    def rng(self, name: str) -> random.Random:
        """A random generator of its own for ``name``, fixed by the demo's seed."""
        return random.Random(f"{self.seed}:{name}")


type DemoStep = Callable[[DemoContext], None]


def demo_steps_run(*, context: DemoContext, steps: list[str] | None = None) -> list[str]:
    """Run the demo steps (``DEMO_STEPS`` unless given) in order; returns the paths run."""
    paths = list(DEMO_STEPS if steps is None else steps)
    for path in paths:
        step: DemoStep = import_string(path)
        context.log(f"Demo step {path}")
        started = time.perf_counter()
        step(context)
        context.log(f"Demo step {path}: done in {time.perf_counter() - started:.1f} s")
    return paths
