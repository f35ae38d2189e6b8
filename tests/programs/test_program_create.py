"""program_create: a draft with the reverse defaults; every bad value named, nothing written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.programs.models import Program, ProgramType, Status
from remento.programs.plan import KpiTarget, ProgramPlan
from remento.programs.services import program_create
from tests.factories import DepartmentFactory, OrganizationFactory
from tests.programs.conftest import KPIS, READY_PLAN


def _create(coordinator: Employee, plan: ProgramPlan, kpis: list[KpiTarget] | None = None):
    return program_create(
        actor=coordinator.user,
        organization=coordinator.organization,
        plan=plan,
        kpis=kpis or [],
    )


def test_creates_a_draft_with_reverse_defaults_kpis_and_an_audit_event(coordinator):
    program = _create(coordinator, READY_PLAN, KPIS)

    assert program.status == Status.DRAFT
    assert program.program_type == ProgramType.REVERSE
    assert (program.mentor_min_level, program.mentor_max_level) == (1, 4)
    assert (program.mentee_min_level, program.mentee_max_level) == (7, 10)
    assert program.min_level_gap == 3
    assert program.reporting_line_depth is None
    assert "Confidentiality" in program.agreement_text
    assert {(k.kind, k.target) for k in program.kpis.all()} == {
        ("meetings_per_pair", Decimal(6)),
        ("completion", Decimal(80)),
    }
    event = AuditEvent.objects.get(verb="program.create")
    assert event.target_id == str(program.pk)
    assert event.data["kpis"] == {"completion": "80", "meetings_per_pair": "6"}


def test_reverse_mentors_not_far_enough_below_mentees_names_the_mentor_field(coordinator):
    plan = replace(READY_PLAN, mentor_max_level=6)

    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, plan)

    assert set(raised.value.errors) == {"mentor_max_level"}
    assert "at least 3 levels below" in raised.value.errors["mentor_max_level"]
    assert "can be 4 at most, not 6" in raised.value.errors["mentor_max_level"]
    assert not Program.objects.exists()


def test_traditional_program_checks_the_gap_the_other_way_round(coordinator):
    plan = ProgramPlan.for_type(ProgramType.TRADITIONAL, name="Classic")
    assert _create(coordinator, plan).mentor_min_level == 7

    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, replace(plan, mentee_max_level=5))
    assert set(raised.value.errors) == {"mentee_max_level"}


def test_mutual_program_lets_both_sides_span_the_ladder(coordinator):
    program = _create(coordinator, ProgramPlan.for_type(ProgramType.MUTUAL, name="Both ways"))
    assert (program.mentor_min_level, program.mentee_max_level, program.min_level_gap) == (1, 10, 0)


def test_levels_outside_the_ladder_and_inverted_ranges_are_named(coordinator):
    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, replace(READY_PLAN, mentee_max_level=12))
    assert raised.value.errors == {
        "mentee_max_level": "Level 12 is outside your organisation's ladder (1 to 10)."
    }

    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, replace(READY_PLAN, mentor_min_level=3, mentor_max_level=2))
    assert "mentor_max_level" in raised.value.errors
    assert "below the lowest mentor level (3)" in raised.value.errors["mentor_max_level"]


def test_end_date_before_start_and_bad_settings_all_come_back_at_once(coordinator):
    plan = replace(
        READY_PLAN,
        name="  ",
        start_date=date(2027, 6, 1),
        end_date=date(2027, 5, 1),
        meeting_length_minutes=5,
        mentor_capacity=0,
        weights={**READY_PLAN.weights, "skills": 11},
        max_pairs=5,
        pairs_per_cohort=8,
    )

    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, plan)

    assert set(raised.value.errors) == {
        "name",
        "end_date",
        "meeting_length_minutes",
        "mentor_capacity",
        "weight_skills",
        "pairs_per_cohort",
    }
    assert raised.value.errors["end_date"] == "The end date must come after the start date."
    assert "from 0 to 10, not 11" in raised.value.errors["weight_skills"]
    assert not Program.objects.exists()


def test_bad_kpi_target_is_named_and_nothing_is_written(coordinator):
    kpis = [KpiTarget("checkin_rating", Decimal(7))]

    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, READY_PLAN, kpis)

    assert "must be from 1 to 5, not 7" in raised.value.errors["kpi_checkin_rating"]
    assert not Program.objects.exists()
    assert not AuditEvent.objects.filter(verb="program.create").exists()


def test_department_of_another_organisation_is_refused(coordinator):
    foreign = DepartmentFactory(organization=OrganizationFactory(slug="elsewhere"), name="Ops")

    with pytest.raises(FieldErrors) as raised:
        _create(coordinator, replace(READY_PLAN, departments=(foreign,)))

    assert raised.value.errors == {"departments": "Ops is not a department of your organisation."}


def test_participants_and_strangers_cannot_create_programs(coordinator, mentee, stranger):
    for actor in (mentee, stranger):
        with pytest.raises(PermissionDenied):
            program_create(actor=actor.user, organization=coordinator.organization, plan=READY_PLAN)
    assert not Program.objects.exists()


def test_the_suggested_agreement_follows_the_programs_cadence_and_length(coordinator):
    plan = replace(READY_PLAN, meeting_cadence_days=7, meeting_length_minutes=60)

    program = _create(coordinator, plan)

    assert "We meet every week for about 60 minutes" in program.agreement_text
    assert "every 2 weeks" not in program.agreement_text


def test_the_suggested_agreement_sent_back_by_a_browser_still_follows_the_cadence(coordinator):
    # A textarea sends CRLF line ends; the text is still the untouched suggestion.
    typed = READY_PLAN.agreement_text.replace("\n", "\r\n")
    plan = replace(READY_PLAN, meeting_cadence_days=21, agreement_text=typed)

    program = _create(coordinator, plan)

    assert "We meet every 3 weeks for about 45 minutes" in program.agreement_text


def test_an_agreement_the_coordinator_edited_is_kept_as_written(coordinator):
    edited = READY_PLAN.agreement_text.replace("Our mentoring agreement", "Our pact")
    plan = replace(READY_PLAN, meeting_cadence_days=7, agreement_text=edited)

    program = _create(coordinator, plan)

    assert program.agreement_text == edited.strip()
    assert "every 2 weeks" in program.agreement_text
