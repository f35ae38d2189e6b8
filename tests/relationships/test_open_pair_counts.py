"""``open_pair_counts``: a program's open pairs per mentor, in one query."""

from __future__ import annotations

from typing import Any, cast

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.models import PairStatus
from remento.relationships.selectors import open_pair_counts
from tests.factories import EmployeeFactory, PairFactory
from tests.relationships.builders import make_program


def _people(organization: Organization, count: int, level: int) -> list[Employee]:
    return [
        cast(Employee, EmployeeFactory(organization=organization, level=level))
        for _ in range(count)
    ]


def test_it_counts_launching_and_active_pairs_of_each_mentor_in_the_program_only(
    organization: Organization,
) -> None:
    program = make_program(organization)
    other_program = make_program(organization, name="Another program")
    ada, bo, cy = _people(organization, 3, level=2)
    mentees = _people(organization, 5, level=9)
    PairFactory(program=program, mentor=ada, mentee=mentees[0])
    PairFactory(program=program, mentor=ada, mentee=mentees[1], status=PairStatus.ACTIVE)
    PairFactory(program=program, mentor=bo, mentee=mentees[2], status=PairStatus.CLOSED)
    PairFactory(program=program, mentor=bo, mentee=mentees[3])
    PairFactory(program=other_program, mentor=cy, mentee=mentees[4])

    counts = open_pair_counts(program=program, mentor_ids=[ada.pk, bo.pk, cy.pk])

    assert counts == {ada.pk: 2, bo.pk: 1}
    assert counts.get(cy.pk, 0) == 0


def test_it_reads_one_query_whatever_the_number_of_mentors(
    organization: Organization, django_assert_num_queries: Any
) -> None:
    program = make_program(organization)
    mentors = _people(organization, 2, level=2)
    for mentor, mentee in zip(mentors, _people(organization, 2, level=9), strict=True):
        PairFactory(program=program, mentor=mentor, mentee=mentee)
    with django_assert_num_queries(1):
        assert len(open_pair_counts(program=program, mentor_ids=[m.pk for m in mentors])) == 2

    more = _people(organization, 8, level=2)
    for mentor, mentee in zip(more, _people(organization, 8, level=9), strict=True):
        PairFactory(program=program, mentor=mentor, mentee=mentee)
    with django_assert_num_queries(1):
        counts = open_pair_counts(program=program, mentor_ids=[m.pk for m in mentors + more])
    assert sum(counts.values()) == 10
