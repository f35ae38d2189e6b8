"""The pair lists take as many queries for 3N pairs as for N (see tests/queries.py)."""

from __future__ import annotations

from itertools import count
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.services import agreement_sign
from tests.factories import EmployeeFactory, employee_with_user, make_program, user_of
from tests.queries import queries_do_not_grow
from tests.relationships.builders import complete, fill_terms, make_module, make_pair

NUMBERS = count()


def test_a_programs_pair_list(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    """Pairs with their terms, one signature and one completed module each."""
    module = make_module(program)

    def grow(pairs: int) -> None:
        for _ in range(pairs):
            mentor = employee_with_user(organization=organization, level=2, last_name="Paired")
            mentee = EmployeeFactory(organization=organization, level=9, last_name="Paired")
            pair = make_pair(program, mentor, mentee)
            fill_terms(pair)
            agreement_sign(actor=user_of(mentor), pair=pair)
            complete(module, mentee)

    response = queries_do_not_grow(
        coordinator_client,
        reverse("relationships:program_pairs", args=[program.pk]),
        grow,
        django_assert_num_queries,
    )
    assert response.content.decode().count("Paired") >= 12


def test_my_pairs(
    organization: Organization,
    mentor: Employee,
    mentor_client: Client,
    django_assert_num_queries: Any,
) -> None:
    """The mentor paired in one more program per round."""

    def grow(pairs: int) -> None:
        for _ in range(pairs):
            program = make_program(organization, name=f"Program {next(NUMBERS)}")
            mentee = EmployeeFactory(organization=organization, level=9, last_name="Partner")
            pair = make_pair(program, mentor, mentee)
            fill_terms(pair)

    response = queries_do_not_grow(
        mentor_client, reverse("relationships:my_pairs"), grow, django_assert_num_queries
    )
    assert response.content.decode().count("Partner") >= 6
