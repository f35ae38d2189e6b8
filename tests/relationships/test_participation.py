"""Who takes part in a program, for the home page: the participants' sources are skipped,
with their queries, for someone who takes part in none (``core.next_steps``)."""

from __future__ import annotations

from remento.core.models import Organization
from remento.core.next_steps import home_for
from remento.people.models import Employee
from remento.relationships.participation import takes_part
from tests.factories import EmployeeFactory, PairFactory, enroll, make_program
from tests.relationships.builders import fill_terms, make_pair


def test_someone_with_no_enrolment_and_no_pair_takes_part_in_nothing(
    organization: Organization, coordinator: Employee, mentor: Employee
) -> None:
    other = EmployeeFactory.create(organization=organization, level=9)
    make_pair(make_program(organization), mentor, other)
    assert takes_part(coordinator) is False


def test_any_enrolment_whatever_its_status_counts(
    organization: Organization, coordinator: Employee
) -> None:
    enroll(make_program(organization), coordinator, "mentor", status="withdrawn")
    assert takes_part(coordinator) is True


def test_a_pair_without_an_enrolment_counts_for_both_of_its_people(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    PairFactory.create(program=make_program(organization), mentor=mentor, mentee=mentee)
    assert takes_part(mentor) is True
    assert takes_part(mentee) is True


def test_the_check_costs_one_query(
    django_assert_num_queries: object, organization: Organization, mentor: Employee
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert takes_part(mentor) is False
    enroll(make_program(organization), mentor, "mentor")
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert takes_part(mentor) is True


def test_a_coordinator_who_is_also_a_mentee_sees_their_own_pair_steps(
    organization: Organization, coordinator: Employee, mentor: Employee
) -> None:
    pair = make_pair(make_program(organization), mentor, coordinator)
    fill_terms(pair)
    assert "Sign the agreement" in [step.action for step in home_for(coordinator).steps]
