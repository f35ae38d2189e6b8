"""The demo step that counts the training standing, so the demo's compliance pages read it."""

from __future__ import annotations

from remento.core.models import Organization
from remento.demo.steps import DEMO_STEPS, DemoContext
from remento.demo.training_standing import demo_training_standing
from remento.enrollment.models import EnrollmentRole
from remento.training.models import TrainingStanding, TrainingStandingRun
from tests.factories import EmployeeFactory, enroll, make_program
from tests.relationships.builders import make_module


def test_the_step_counts_each_program_and_a_second_run_replaces_it(
    organization: Organization,
) -> None:
    assert "remento.demo.training_standing.demo_training_standing" in DEMO_STEPS
    program = make_program(organization)
    make_module(program)
    enroll(program, EmployeeFactory.create(organization=organization), EnrollmentRole.MENTEE)
    context = DemoContext(organization=organization, personas={}, seed=1)

    demo_training_standing(context)
    demo_training_standing(context)

    assert TrainingStanding.objects.filter(program=program).count() == 1
    run = TrainingStandingRun.objects.get(pk=program.pk)
    assert (run.people_total, run.people_complete) == (1, 0)
