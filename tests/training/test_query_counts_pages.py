"""The training pages take as many queries for 3N rows as for N (see tests/queries.py);
the compliance page is pinned in test_compliance_queries.py."""

from __future__ import annotations

from itertools import count
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from tests.factories import EmployeeFactory, make_program
from tests.queries import queries_do_not_grow
from tests.relationships.builders import complete, make_module, make_pair

NUMBERS = count()


def test_my_training(
    organization: Organization,
    mentor: Employee,
    mentor_client: Client,
    django_assert_num_queries: Any,
) -> None:
    """Per round: one more program the mentor is paired in, with two modules, one done."""

    def grow(rounds: int) -> None:
        for _ in range(rounds):
            program = make_program(organization, name=f"Program {next(NUMBERS)}")
            make_pair(program, mentor, EmployeeFactory(organization=organization, level=9))
            done = make_module(program, f"Module {next(NUMBERS)}", position=1)
            make_module(program, f"Module {next(NUMBERS)}", position=2)
            complete(done, mentor)

    response = queries_do_not_grow(
        mentor_client, reverse("training:my_training"), grow, django_assert_num_queries
    )
    assert response.content.decode().count("Module ") >= 12


def test_a_programs_modules(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    """Per round: one more module, completed by one more person."""

    def grow(rounds: int) -> None:
        for _ in range(rounds):
            module = make_module(program, f"Module {next(NUMBERS)}", position=next(NUMBERS))
            complete(module, EmployeeFactory(organization=organization))

    response = queries_do_not_grow(
        coordinator_client,
        reverse("training:program_modules", args=[program.pk]),
        grow,
        django_assert_num_queries,
    )
    assert response.content.decode().count("Module ") >= 6
