"""The demo step ``remento.demo.programs.demo_programs``: one reverse program in each state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from remento.demo.people.people import demo_people
from remento.demo.people.seed import DemoSeedResult, demo_organization_seed
from remento.demo.programs.content import programs as program_contents
from remento.demo.steps import DEMO_STEPS, demo_today
from remento.enrollment.models import Answer, Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.adapters import working_hours_in_common
from remento.matching.models import MatchRun, MatchRunStatus, MentorRequest, RequestStatus
from remento.programs.lifecycle import unmet_guards
from remento.programs.models import EnrollmentMode, MatchingMode, Program, ProgramType, Status
from remento.relationships.models import ChecklistTick, Pair, PairSource, PairStatus
from remento.relationships.selectors import pair_launch_state
from remento.training.models import Resource, TrainingModule
from remento.training.selectors import training_missing

pytestmark = pytest.mark.django_db

SIZE = 120  # small enough to be quick, large enough for every program to have pairs


def by_status(result: DemoSeedResult) -> dict[str, Program]:
    programs = list(Program.objects.filter(organization=result.organization))
    assert sorted(p.status for p in programs) == sorted(Status.values)  # one in each state
    return {program.status: program for program in programs}


def statuses(program: Program, role: str) -> set[str]:
    return set(
        Enrollment.objects.filter(program=program, role=role).values_list("status", flat=True)
    )


def test_the_step_is_registered() -> None:
    assert "remento.demo.programs.demo_programs" in DEMO_STEPS


def test_the_demo_holds_one_reverse_program_in_each_lifecycle_state() -> None:
    # One build for all the checks: building the demo takes seconds.
    demo = demo_organization_seed(size=SIZE)

    check_each_state(demo)
    check_the_demo_pair(demo)
    check_every_pair_shares_working_hours(demo)
    check_the_pages(demo)


def check_each_state(demo: DemoSeedResult) -> None:
    programs = by_status(demo)
    assert {p.program_type for p in programs.values()} == {ProgramType.REVERSE}
    assert all(p.goal and p.kpis.exists() for p in programs.values())

    draft = programs[Status.DRAFT]
    assert draft.name == "AI for leaders"
    assert [g.reason for g in unmet_guards(draft)] == ["Set the start and end dates."]
    assert not draft.enrollments.exists()

    recruiting = programs[Status.RECRUITING]
    assert recruiting.enrollment_mode == EnrollmentMode.APPLICATION
    assert statuses(recruiting, EnrollmentRole.MENTOR) == {
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.WAITLISTED,
        EnrollmentStatus.DECLINED,
        EnrollmentStatus.APPLIED,
        EnrollmentStatus.INVITED,
    }
    assert statuses(recruiting, EnrollmentRole.MENTEE) == {
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.APPLIED,
    }
    assert recruiting.questions.count() == 3
    assert Answer.objects.filter(enrollment__program=recruiting).exists()
    assert TrainingModule.objects.filter(program=recruiting).exists()

    matching = programs[Status.MATCHING]
    (run,) = MatchRun.objects.filter(program=matching)
    assert run.status == MatchRunStatus.REVIEW
    assert run.proposals.filter(removed=False).count() >= 2
    assert run.proposals.filter(locked=True).count() == 1
    assert not Pair.objects.filter(program=matching).exists()

    closed = programs[Status.CLOSED]
    closed_pairs = list(Pair.objects.filter(program=closed))
    assert len(closed_pairs) >= 2
    assert {p.status for p in closed_pairs} == {PairStatus.CLOSED}
    assert all(p.end_reason and p.started_at and p.ended_at for p in closed_pairs)
    assert closed.start_date is not None
    assert closed.end_date is not None
    assert closed.end_date < demo_today()
    for pair in closed_pairs:
        assert closed.start_date <= pair.started_at.date() < pair.ended_at.date()  # type: ignore[union-attr]
        assert pair.ended_at.date() <= closed.end_date  # type: ignore[union-attr]


def check_the_demo_pair(demo: DemoSeedResult) -> None:
    """The demo mentor and mentee are a running pair of the active program, beside others."""
    active = by_status(demo)[Status.ACTIVE]
    mentor, mentee = demo.personas["mentor"], demo.personas["mentee"]
    assert active.enrollment_mode == EnrollmentMode.NOMINATION
    assert active.matching_mode == MatchingMode.HYBRID

    pair = Pair.objects.get(program=active, mentor=mentor, mentee=mentee)
    assert pair.status == PairStatus.ACTIVE
    assert pair.source == PairSource.CHOICE
    state = pair_launch_state(pair=pair)
    assert state.both_signed
    assert state.training_complete
    assert {t.step for t in ChecklistTick.objects.filter(pair=pair)} == {"kickoff", "goals"}
    assert MentorRequest.objects.get(program=active, mentee=mentee).status == (
        RequestStatus.ACCEPTED
    )

    pairs = list(Pair.objects.filter(program=active).select_related("program"))
    started = [p for p in pairs if p.status == PairStatus.ACTIVE]
    assert {p.source for p in started} == {PairSource.BULK, PairSource.CHOICE}
    for running in started:
        assert pair_launch_state(pair=running).both_signed
        people = [running.mentor_id, running.mentee_id]
        assert not any(training_missing(program=active, employees=people).values())
    # A pair still launching says what holds it back.
    launching = [p for p in pairs if p.status == PairStatus.LAUNCHING]
    assert launching
    for waiting in launching:
        assert any("has not" in blocker for blocker in pair_launch_state(pair=waiting).blockers)
    assert Resource.objects.filter(program=active).count() == 2


def check_every_pair_shares_working_hours(demo: DemoSeedResult) -> None:
    """No demo pair, the showcase pair above all, has no working hour in common, and every
    program keeps the default time-zone window that guarantees two."""
    programs = by_status(demo)
    assert {p.max_timezone_diff_hours for p in programs.values()} == {6}
    for program in (programs[Status.ACTIVE], programs[Status.CLOSED]):
        pairs = Pair.objects.filter(program=program).select_related("mentor", "mentee")
        assert pairs
        for pair in pairs:
            shared = working_hours_in_common(
                program=program, first=pair.mentor.timezone, second=pair.mentee.timezone
            )
            where = f"{pair.mentor.timezone} and {pair.mentee.timezone}"
            assert shared is not None, where
            assert shared >= 1, f"{where}: {shared} hours in common"


def check_the_pages(demo: DemoSeedResult) -> None:
    """The coordinator's program pages and the mentor's pairs page render the demo."""
    coordinator, mentor = Client(), Client()
    coordinator.force_login(demo.personas["coordinator"].user)  # type: ignore[arg-type]
    mentor.force_login(demo.personas["mentor"].user)  # type: ignore[arg-type]

    page = coordinator.get("/programs/")

    assert page.status_code == 200
    for program in Program.objects.filter(organization=demo.organization):
        assert program.name in page.content.decode()
        assert coordinator.get(f"/programs/{program.pk}/").status_code == 200
    pairs = mentor.get("/pairs/")
    assert pairs.status_code == 200
    assert demo.personas["mentee"].display_name in pairs.content.decode()


def snapshot() -> dict[str, Any]:
    """The number of rows in every table, and what the demo programs hold, without ids."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    pairs = sorted(
        Pair.objects.values_list(
            "program__name",
            "mentor__employee_id",
            "mentee__employee_id",
            "status",
            "source",
            "started_at",
            "ended_at",
            "end_reason",
        )
    )
    enrollments = sorted(
        Enrollment.objects.values_list("program__name", "employee__employee_id", "role", "status")
    )
    return {"counts": counts, "pairs": pairs, "enrollments": enrollments}


def test_a_second_run_adds_nothing_and_a_rebuild_gives_the_same_programs() -> None:
    first = demo_organization_seed(size=SIZE)
    before = snapshot()

    demo_organization_seed(size=SIZE)

    assert snapshot() == before
    Program.objects.filter(organization=first.organization).delete()
    demo_organization_seed(size=SIZE)  # the people are reused, the programs built again
    again = snapshot()
    # The Closed program's mentors have an HRIS history since the first build (a leaver, a
    # promotion): its rebuild meets them as they are now. The other programs are the same.
    closed = program_contents(demo_today())["closed"].plan.name

    def others(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [row for row in rows if row[0] != closed]

    assert others(again["pairs"]) == others(before["pairs"])
    assert others(again["enrollments"]) == others(before["enrollments"])


@pytest.mark.parametrize("today", [dt.date(2026, 1, 5), dt.date(2031, 11, 20)])
def test_the_demo_dates_follow_the_day_it_is_built(today: dt.date) -> None:
    """Whatever the day someone tries the demo, the Recruiting and Matching programs start
    later, the Active one is running and the Closed one has ended; names carry no year."""
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 9, tzinfo=dt.UTC)):
        assert demo_today() == today
        specs = program_contents(demo_today())

    def dates(key: str) -> tuple[dt.date, dt.date]:
        plan = specs[key].plan
        assert plan.start_date is not None
        assert plan.end_date is not None
        return plan.start_date, plan.end_date

    assert today < dates("recruiting")[0] < dates("recruiting")[1]
    assert today < dates("matching")[0]
    assert dates("active")[0] < today < dates("active")[1]
    assert dates("closed")[1] < today
    assert not any(str(year) in spec.plan.name for spec in specs.values() for year in (2025, 2026))


def test_the_demo_people_are_the_same_all_day_and_dated_from_that_day() -> None:
    monday, a_year_later = dt.date(2026, 1, 5), dt.date(2027, 1, 5)
    first = demo_people(size=60, seed=7, domain="nw.example", today=monday)
    again = demo_people(size=60, seed=7, domain="nw.example", today=monday)
    later = demo_people(size=60, seed=7, domain="nw.example", today=a_year_later)

    assert first == again
    assert [p.birth_year + 1 for p in first] == [p.birth_year for p in later]
    assert all(p.hire_date <= monday for p in first)
    assert [p.hire_date.year + 1 for p in first] == [p.hire_date.year for p in later]


@time_machine.travel(dt.datetime(2031, 11, 20, 9, tzinfo=dt.UTC))
def test_a_demo_built_on_any_day_recruits_for_a_program_that_starts_later() -> None:
    demo = demo_organization_seed(size=SIZE)

    programs = by_status(demo)
    today = dt.date(2031, 11, 20)
    recruiting = programs[Status.RECRUITING]
    assert recruiting.start_date is not None
    assert recruiting.start_date > today
    active = programs[Status.ACTIVE]
    assert active.start_date is not None
    assert active.end_date is not None
    assert active.start_date < today < active.end_date
    assert max(e.hire_date for e in demo.organization.employees.all() if e.hire_date) <= today
