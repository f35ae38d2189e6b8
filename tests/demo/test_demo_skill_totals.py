"""The demo step that keeps the skill-gap totals, so the demo's pages read them."""

from __future__ import annotations

from remento.demo.people.skill_totals import demo_skill_totals
from remento.demo.steps import DemoContext
from remento.people.models import SkillWant
from remento.people.totals import SkillTotal, SkillTotalsRun
from tests.factories import EmployeeFactory, SkillFactory


def test_demo_step_works_out_the_skill_totals_and_a_second_run_replaces_them(organization):
    skill = SkillFactory(organization=organization, name="AI", slug="ai")
    SkillWant.objects.create(
        employee=EmployeeFactory(organization=organization, level=8), skill=skill, priority=4
    )
    context = DemoContext(organization=organization, personas={}, seed=1)

    demo_skill_totals(context)
    demo_skill_totals(context)

    assert SkillTotalsRun.objects.filter(organization=organization).count() == 1
    assert list(SkillTotal.objects.values_list("wanted_by", "priority_total")) == [(1, 4)]
