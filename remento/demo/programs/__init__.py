"""The demo step that gives the demo organisation one reverse program in each state.

* Draft — “AI for leaders”: the plan and KPIs only, no dates yet (the page says so).
* Recruiting — “Social media for senior leaders”: applications with approval, a
  questionnaire, enrolled mentors and mentees, a waitlist, a declined and a waiting
  application, an invitation not answered yet.
* Matching — “Data fluency for the leadership team”: an open sign-up pool and a matching
  run under review (one pair locked), not published.
* Active — “Digital leadership: AI and social media”: nominated participants,
  hybrid matching; the demo mentor and mentee chose each other. Pairs signed, trained and
  started, checklists partly ticked, one pair half-way through its launch, one not begun,
  program resources.
* Closed — “Reverse mentoring pilot”: a finished pilot whose pairs all closed.

Each program is built in one transaction, only when the organisation has no program of
that name, so a second run adds nothing.
"""

from __future__ import annotations

import time

from django.db import transaction

from remento.demo.programs.active import ActiveProgramBuilder
from remento.demo.programs.build import ProgramBuilder
from remento.demo.programs.cast import ProgramCast, program_casts
from remento.demo.programs.content import BUILD_ORDER, programs
from remento.demo.steps import DemoContext
from remento.programs.models import Program
from remento.training.services.resources import resources_seed


def demo_programs(context: DemoContext) -> None:
    """Add the demo programs the organisation does not have yet (matched by name), and the
    standard resources library."""
    organization = context.organization
    actor = context.personas["coordinator"].user
    resources_seed(actor=actor, organization=organization)
    specs = programs(context.today)
    names = [spec.plan.name for spec in specs.values()]
    existing = set(
        Program.objects.filter(organization=organization, name__in=names).values_list(
            "name", flat=True
        )
    )
    missing = [key for key in BUILD_ORDER if specs[key].plan.name not in existing]
    if not missing:
        context.log("The demo programs exist already.")
        return
    casts = program_casts(context)
    for key in missing:
        started = time.perf_counter()
        with transaction.atomic():
            program = _builder(context, key, casts.get(key, ProgramCast())).build()
        context.log(
            f"Built the demo program {program.name} ({program.get_status_display()}) "
            f"in {time.perf_counter() - started:.1f} s."
        )


def _builder(context: DemoContext, key: str, cast: ProgramCast) -> ProgramBuilder:
    """The Active program has a builder of its own; the other four share one."""
    kind = ActiveProgramBuilder if key == "active" else ProgramBuilder
    return kind(context, key, cast)


__all__ = ["demo_programs"]
