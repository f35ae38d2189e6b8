"""people.skill_totals: the worker's totals, refreshed after the writes that change them."""

from __future__ import annotations

import datetime as dt

from remento.people.models import SkillOffer, SkillWant
from remento.people.skill_totals import (
    skill_totals_refresh,
    skill_totals_refresh_if_stale,
    skill_totals_refresh_soon,
)
from remento.people.totals import HeadcountTotal, SkillTotal, SkillTotalsRun
from tests.factories import DepartmentFactory, EmployeeFactory, OrganizationFactory, SkillFactory

EARLY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def test_refresh_counts_active_people_by_skill_level_and_department(organization):
    sales = DepartmentFactory(organization=organization, name="Sales")
    ai = SkillFactory(organization=organization, name="AI", slug="ai")
    for priority in (2, 5):
        person = EmployeeFactory(organization=organization, level=8, department=sales)
        SkillWant.objects.create(employee=person, skill=ai, priority=priority)
    left = EmployeeFactory(organization=organization, level=8, department=sales, is_active=False)
    SkillWant.objects.create(employee=left, skill=ai, priority=5)
    teacher = EmployeeFactory(organization=organization, level=2, department=None)
    SkillOffer.objects.create(employee=teacher, skill=ai, proficiency=3)
    novice = EmployeeFactory(organization=organization, level=2, department=None)
    SkillOffer.objects.create(employee=novice, skill=ai, proficiency=2)

    assert skill_totals_refresh(organization, now=EARLY) == 2

    cells = SkillTotal.objects.filter(organization=organization)
    assert {
        (c.level, c.department_id, c.wanted_by, c.priority_total, c.teachable_by) for c in cells
    } == {(8, sales.pk, 2, 7, 0), (2, None, 0, 0, 1)}
    heads = HeadcountTotal.objects.filter(organization=organization)
    assert {(h.level, h.department_id, h.people) for h in heads} == {(8, sales.pk, 2), (2, None, 2)}
    assert SkillTotalsRun.objects.get(organization=organization).computed_at == EARLY


def test_refresh_replaces_the_earlier_totals_and_leaves_other_organisations_alone(organization):
    other = OrganizationFactory(slug="other-org")
    for org in (organization, other):
        skill = SkillFactory(organization=org, name="AI", slug="ai")
        SkillWant.objects.create(
            employee=EmployeeFactory(organization=org, level=8), skill=skill, priority=4
        )
        skill_totals_refresh(org, now=EARLY)
    SkillWant.objects.filter(employee__organization=organization).delete()

    skill_totals_refresh(organization, now=LATE)

    assert not SkillTotal.objects.filter(organization=organization).exists()
    assert SkillTotal.objects.filter(organization=other).count() == 1


def test_a_queued_refresh_does_nothing_when_a_later_one_covered_it(organization):
    skill_totals_refresh(organization, now=LATE)

    assert skill_totals_refresh_if_stale(organization.pk, asked_at=EARLY) is False
    assert skill_totals_refresh_if_stale(organization.pk, asked_at=LATE + dt.timedelta(1))


def test_asking_for_a_refresh_runs_it_on_the_worker_after_the_commit(
    organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        skill_totals_refresh_soon(organization.pk)
    assert not SkillTotalsRun.objects.filter(organization=organization).exists()

    for callback in callbacks:  # the commit; the test settings' worker runs tasks at once
        callback()

    assert SkillTotalsRun.objects.filter(organization=organization).exists()


def test_many_writes_in_one_transaction_ask_for_one_refresh(
    organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(3):  # an import that changes three people
            skill_totals_refresh_soon(organization.pk)

    assert len(callbacks) == 1
