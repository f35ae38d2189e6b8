"""The program list takes as many queries for 3N programs as for N (see tests/queries.py)."""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.programs.models import ProgramKpi, Status
from tests.factories import EmployeeFactory, make_pair, make_program
from tests.queries import queries_do_not_grow

NUMBERS = count()


def test_the_program_list(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    """Per round: an active program with a pair and a KPI, and a recruiting one."""

    def grow(rounds: int) -> None:
        for _ in range(rounds):
            active = make_program(organization, "launching", name=f"Listed {next(NUMBERS)}")
            mentor = EmployeeFactory(organization=organization, level=2)
            mentee = EmployeeFactory(organization=organization, level=9)
            make_pair(active, mentor, mentee)
            ProgramKpi.objects.create(program=active, kind="completion", target=Decimal(80))
            make_program(
                organization, "signup", name=f"Listed {next(NUMBERS)}", status=Status.RECRUITING
            )

    response = queries_do_not_grow(
        coordinator_client, reverse("programs:list"), grow, django_assert_num_queries
    )
    assert response.content.decode().count("Listed ") >= 12
