"""The training compliance page costs the same number of queries for a handful of people
as for many: the participants and their completions are read set-based, never per person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.programs.models import Program
from remento.training.models import TrainingModule
from remento.training.selectors import training_compliance
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, enroll, make_module, make_pair

COMPLIANCE_QUERIES = 2
# The page: session, user, person, program, navigation (6), the program's menu (1), then the
# required modules, the kept standing's run (none kept here: worked out live), the summary
# (one aggregate, which also gives the list's total), the page of people and their
# completions.
PAGE_QUERIES = 12


def _populate(organization: Organization, program: Program, pairs: int) -> list[TrainingModule]:
    """``pairs`` open pairs plus one waiting mentor; every other mentor completed the first
    module, every mentee completed both."""
    first = make_module(program, "Giving and receiving feedback", position=1)
    second = make_module(program, "Setting goals together", position=2)
    make_module(program, "Optional reading", required=False, position=3)
    for number in range(pairs):
        mentor = EmployeeFactory(organization=organization)
        mentee = EmployeeFactory(organization=organization)
        make_pair(program, mentor, mentee)
        complete(first, mentee)
        complete(second, mentee)
        if number % 2 == 0:
            complete(first, mentor)
    enroll(program, EmployeeFactory(organization=organization), EnrollmentRole.MENTOR)
    return [first, second]


@pytest.mark.parametrize("pairs", [2, 30])
def test_the_compliance_report_is_two_queries_at_any_size(
    organization: Organization, program: Program, pairs: int, django_assert_num_queries: Any
) -> None:
    first, second = _populate(organization, program, pairs)
    with django_assert_num_queries(COMPLIANCE_QUERIES):
        report = training_compliance(program=program)
    mentors_without_first = pairs // 2 + 1  # odd-numbered mentors, and the waiting one
    assert report.people_total == 2 * pairs + 1
    assert report.people_complete == pairs
    assert [(row.module, row.missing) for row in report.module_counts] == [
        (first, mentors_without_first),
        (second, pairs + 1),
    ]
    assert len(report.incomplete) == pairs + 1


@pytest.mark.parametrize("pairs", [2, 30])
def test_the_compliance_page_query_count_does_not_grow_with_the_program(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    pairs: int,
    django_assert_num_queries: Any,
) -> None:
    _populate(organization, program, pairs)
    url = reverse("training:compliance", args=[program.pk])
    with django_assert_num_queries(PAGE_QUERIES):
        response = coordinator_client.get(url)
    assert response.status_code == 200
    assert f'<span class="value" id="people-total">{2 * pairs + 1}</span>' in (
        response.content.decode()
    )


def test_someone_both_enrolled_and_paired_counts_once(
    organization: Organization, program: Program
) -> None:
    make_module(program, "Giving and receiving feedback")
    mentor = EmployeeFactory(organization=organization)
    mentee = EmployeeFactory(organization=organization)
    make_pair(program, mentor, mentee)  # both enrolled and in an open pair
    report = training_compliance(program=program)
    assert report.people_total == 2
    assert [row.employee for row in report.incomplete] == sorted(
        [mentor, mentee],
        key=lambda person: (person.last_name, person.first_name, person.employee_id),
    )
