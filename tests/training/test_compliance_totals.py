"""The compliance list's total comes from the summary's counts (one query fewer), and says
the same as counting the listed people would: everyone, those not done, one module's."""

from __future__ import annotations

from typing import Any

import pytest

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.programs.models import Program
from remento.training.compliance import (
    ComplianceFilters,
    compliance_page,
    compliance_summary,
    required_modules,
)
from remento.training.selectors import program_participants
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, enroll, make_module, make_pair


def _populate(organization: Organization, program: Program) -> None:
    """Three pairs and a waiting mentor; mentees completed both modules, the first mentor
    the first one only."""
    first = make_module(program, "Giving and receiving feedback", position=1)
    second = make_module(program, "Setting goals together", position=2)
    for number in range(3):
        mentor = EmployeeFactory.create(organization=organization)
        mentee = EmployeeFactory.create(organization=organization)
        make_pair(program, mentor, mentee)
        complete(first, mentee)
        complete(second, mentee)
        if number == 0:
            complete(first, mentor)
    enroll(program, EmployeeFactory.create(organization=organization), EnrollmentRole.MENTOR)


def _filters(program: Program) -> list[ComplianceFilters]:
    first, second = required_modules(program=program)
    return [
        ComplianceFilters(),
        ComplianceFilters(everyone=True),
        ComplianceFilters(module=first.pk),
        ComplianceFilters(module=second.pk),
    ]


@pytest.mark.django_db
def test_the_total_from_the_summary_is_the_number_of_people_listed(
    organization: Organization, program: Program
) -> None:
    _populate(organization, program)
    modules = required_modules(program=program)
    summary = compliance_summary(program=program, modules=modules)
    totals = []
    for filters in _filters(program):
        counted, _ = compliance_page(program=program, modules=modules, filters=filters)
        given, rows = compliance_page(
            program=program, modules=modules, filters=filters, summary=summary
        )
        assert given.total == counted.total == len(rows)
        totals.append(given.total)
    assert totals == [4, 7, 3, 4]


@pytest.mark.django_db
def test_with_the_summary_only_a_search_by_text_counts_the_list(
    organization: Organization, program: Program, django_assert_num_queries: Any
) -> None:
    _populate(organization, program)
    modules = required_modules(program=program)
    summary = compliance_summary(program=program, modules=modules)
    with django_assert_num_queries(2):  # the page of people and their completions
        compliance_page(
            program=program, modules=modules, filters=ComplianceFilters(), summary=summary
        )
    someone = program_participants(program=program).first()
    assert someone is not None
    with django_assert_num_queries(3):  # and the count of those the words find
        page, _ = compliance_page(
            program=program,
            modules=modules,
            filters=ComplianceFilters(everyone=True, text=someone.employee_id),
            summary=summary,
        )
    assert page.total == 1
