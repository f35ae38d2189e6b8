"""The requests overview's counts and lists: who has chosen, who has not, each mentor's
places, in name order; and on SQLite, read from indexes alone (a program's mentees are
tested one by one against its pairs and requests, so a table row read per mentee made the
page grow with the program: 58 ms at 100,000 people where it took 16 at 300)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.matching import overview
from remento.matching.models import MentorRequest, RequestStatus
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program
from remento.relationships.models import Pair, PairStatus
from remento.relationships.selectors import open_pair_counts
from tests.matching.helpers import enroll, make_program, person


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization, matching_mode=MatchingMode.CHOICE)


def _mentee(program: Program, first: str, last: str = "Mentee", **fields: Any) -> Employee:
    employee = person(program.organization, first_name=first, last_name=last, level=9)
    enroll(program, employee, EnrollmentRole.MENTEE, **fields)
    return employee


def _request(program: Program, mentee: Employee, mentor: Employee, **fields: Any) -> None:
    values: dict[str, Any] = {"rank": 1, "expires_at": timezone.now() + timedelta(days=7)}
    MentorRequest.objects.create(program=program, mentee=mentee, mentor=mentor, **(values | fields))


def _pair(program: Program, mentor: Employee, mentee: Employee, status: str) -> None:
    Pair.objects.create(
        program=program, mentor=mentor, mentee=mentee, status=status, source="choice"
    )


def test_the_counts_leave_out_exactly_the_mentees_who_chose_or_have_a_mentor(
    organization: Organization, program: Program
) -> None:
    other = make_program(organization, matching_mode=MatchingMode.CHOICE)
    mentor = person(organization, first_name="Ada", last_name="Mentor", level=2)
    enroll(program, mentor, EnrollmentRole.MENTOR, capacity=2)
    past = timezone.now() - timedelta(hours=1)
    _request(program, _mentee(program, "Waiting"), mentor)
    _request(program, _mentee(program, "Overdue"), mentor, expires_at=past)
    _request(
        program, _mentee(program, "Expired"), mentor, status=RequestStatus.EXPIRED, expires_at=past
    )
    _request(program, _mentee(program, "Declined"), mentor, status=RequestStatus.DECLINED)
    _pair(program, mentor, _mentee(program, "Launching"), PairStatus.LAUNCHING)
    _pair(program, mentor, _mentee(program, "Active"), PairStatus.ACTIVE)
    _pair(program, mentor, _mentee(program, "Closed"), PairStatus.CLOSED)
    elsewhere = _mentee(program, "Elsewhere")  # paired and waiting in another program only
    _pair(other, mentor, elsewhere, PairStatus.ACTIVE)
    _request(other, elsewhere, mentor)
    _mentee(program, "Withdrawn", status=EnrollmentStatus.WITHDRAWN)
    _mentee(program, "Fresh")

    view = overview.requests_overview(program=program)

    names = [e.employee.first_name for e in view.mentees.object_list]
    assert names == ["Closed", "Declined", "Elsewhere", "Expired", "Fresh", "Overdue"]
    assert view.mentees.paginator.count == 6
    assert (view.waiting_count, view.expired_count) == (1, 2)
    (row,) = view.mentors.object_list
    assert (row.taken, row.places_left, row.waiting) == (2, 0, 1)  # type: ignore[attr-defined]
    assert open_pair_counts(program=other, mentor_ids=[mentor.pk]) == {mentor.pk: 1}


def test_the_lists_are_in_name_order_last_name_then_first_name(program: Program) -> None:
    for first, last in (("Zoe", "Adams"), ("Amy", "Baker"), ("Bob", "Adams"), ("Al", "Ad")):
        _mentee(program, first, last)
        mentor = person(program.organization, first_name=first + "x", last_name=last, level=2)
        enroll(program, mentor, EnrollmentRole.MENTOR)

    view = overview.requests_overview(program=program)

    def names(page: Any) -> list[str]:
        return [f"{e.employee.last_name} {e.employee.first_name}" for e in page.object_list]

    assert names(view.mentees) == ["Ad Al", "Adams Bob", "Adams Zoe", "Baker Amy"]
    assert names(view.mentors) == ["Ad Alx", "Adams Bobx", "Adams Zoex", "Baker Amyx"]


def _plans(run: Any) -> list[str]:
    """SQLite's plan of each query that ``run()`` makes, with its parameters bound as the
    page binds them (with the values written in, SQLite would plan otherwise)."""
    statements: list[tuple[str, Any]] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        run()
    plans = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plans.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


def test_on_sqlite_the_page_reads_indexes_not_each_mentee_s_rows(program: Program) -> None:
    """Each enrolled mentee is tested against the pairs and requests from the indexes alone;
    each page of names is read in order from an index, not sorted from the whole program."""
    if connection.vendor != "sqlite":
        pytest.skip("checks SQLite's plans")
    mentor = person(program.organization, first_name="Ada", level=2)
    enroll(program, mentor, EnrollmentRole.MENTOR)
    _mentee(program, "Fresh")

    def run() -> None:
        view = overview.requests_overview(program=program)
        for page in (view.requests, view.mentees, view.mentors):
            list(page.object_list)

    plans = _plans(run)

    (count,) = [plan for plan in plans if "CORRELATED" in plan and "people_employee" not in plan]
    assert "USING COVERING INDEX enrollment_" in count  # either (role, status) order
    assert "COVERING INDEX pair_program_mentee" in count
    assert any("COVERING INDEX pair_program_mentor" in plan for plan in plans)
    assert not [plan for plan in plans if "TEMP B-TREE" in plan]
