"""program_update and program_kpis_set: change the plan; after launch only a little."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.programs.models import Program
from remento.programs.plan import KpiTarget, ProgramPlan
from remento.programs.services import program_kpis_set, program_update
from tests.factories import DepartmentFactory


def test_update_saves_the_plan_departments_and_lists_changes_in_the_audit(coordinator, ready_draft):
    sales = DepartmentFactory(organization=coordinator.organization, name="Sales")
    plan = replace(ProgramPlan.from_program(ready_draft), goal="A new goal.", departments=(sales,))

    program_update(actor=coordinator.user, program=ready_draft, plan=plan)

    ready_draft.refresh_from_db()
    assert ready_draft.goal == "A new goal."
    assert list(ready_draft.departments.all()) == [sales]
    event = AuditEvent.objects.get(verb="program.update")
    assert event.data == {"goal": "A new goal.", "departments": ["Sales"]}


def test_bad_kpi_leaves_the_plan_untouched_too(coordinator, ready_draft):
    plan = replace(ProgramPlan.from_program(ready_draft), goal="Changed goal.")

    with pytest.raises(FieldErrors) as raised:
        program_update(
            actor=coordinator.user,
            program=ready_draft,
            plan=plan,
            kpis=[KpiTarget("completion", Decimal(150))],
        )

    assert "kpi_completion" in raised.value.errors
    ready_draft.refresh_from_db()
    assert ready_draft.goal != "Changed goal."
    assert ready_draft.kpis.count() == 2


def test_active_program_only_takes_name_dates_and_incentives(coordinator, active_program):
    plan = ProgramPlan.from_program(active_program)

    program_update(
        actor=coordinator.user,
        program=active_program,
        plan=replace(plan, name="Renamed", end_date=date(2027, 7, 31), incentives="Lunch"),
    )
    active_program.refresh_from_db()
    assert (active_program.name, active_program.incentives) == ("Renamed", "Lunch")

    with pytest.raises(FieldErrors) as raised:
        program_update(
            actor=coordinator.user,
            program=active_program,
            plan=replace(ProgramPlan.from_program(active_program), mentor_capacity=2),
        )
    assert "only its name, dates and incentives" in raised.value.errors["mentor_capacity"]
    active_program.refresh_from_db()
    assert active_program.mentor_capacity == 1


def test_kpis_set_replaces_the_selection(coordinator, ready_draft):
    kpis = program_kpis_set(
        actor=coordinator.user,
        program=ready_draft,
        kpis=[KpiTarget("skill_gain", Decimal("1.5"))],
    )

    assert [(k.kind, k.target) for k in kpis] == [("skill_gain", Decimal("1.5"))]
    assert AuditEvent.objects.filter(verb="program.kpis_set").count() == 1


def test_kpis_set_refuses_duplicates_and_unknown_kinds(coordinator, ready_draft):
    with pytest.raises(FieldErrors) as raised:
        program_kpis_set(
            actor=coordinator.user,
            program=ready_draft,
            kpis=[KpiTarget("completion", Decimal(50)), KpiTarget("completion", Decimal(60))],
        )
    assert "chosen twice" in raised.value.errors["kpis"]

    with pytest.raises(FieldErrors) as raised:
        program_kpis_set(
            actor=coordinator.user, program=ready_draft, kpis=[KpiTarget("vibes", Decimal(1))]
        )
    assert "not in the KPI catalogue" in raised.value.errors["kpis"]
    assert ready_draft.kpis.count() == 2


def test_kpi_targets_are_fixed_once_active(coordinator, active_program):
    with pytest.raises(FieldErrors) as raised:
        program_kpis_set(actor=coordinator.user, program=active_program, kpis=[])
    assert "KPI targets are fixed" in raised.value.errors["kpis"]
    assert active_program.kpis.count() == 2


def test_participant_cannot_update(mentee, ready_draft):
    with pytest.raises(PermissionDenied):
        program_update(
            actor=mentee.user, program=ready_draft, plan=ProgramPlan.from_program(ready_draft)
        )
    assert Program.objects.get(pk=ready_draft.pk).name == "Digital leaders"


def test_a_new_cadence_rewrites_the_untouched_suggested_agreement(coordinator, ready_draft):
    plan = replace(
        ProgramPlan.from_program(ready_draft), meeting_cadence_days=30, meeting_length_minutes=90
    )

    program_update(actor=coordinator.user, program=ready_draft, plan=plan)

    ready_draft.refresh_from_db()
    assert "We meet every 30 days for about 90 minutes" in ready_draft.agreement_text
    changed = AuditEvent.objects.get(verb="program.update").data
    assert set(changed) == {"meeting_cadence_days", "meeting_length_minutes", "agreement_text"}


def test_an_active_programs_agreement_stays_as_the_pairs_signed_it(coordinator, active_program):
    Program.objects.filter(pk=active_program.pk).update(meeting_cadence_days=7)
    active_program.refresh_from_db()
    before = active_program.agreement_text  # the 2-weekly suggestion, now out of step
    plan = replace(ProgramPlan.from_program(active_program), name="Renamed")

    program_update(actor=coordinator.user, program=active_program, plan=plan)

    active_program.refresh_from_db()
    assert (active_program.name, active_program.agreement_text) == ("Renamed", before)
