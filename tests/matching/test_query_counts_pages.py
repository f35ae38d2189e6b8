"""The run review takes as many queries for 3N proposals as for N (see tests/queries.py);
the requests overview is pinned in test_requests_overview.py."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import Unmatched
from tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    MatchRunFactory,
    ProposedPairFactory,
    enroll,
)
from tests.matching.helpers import make_program
from tests.queries import queries_do_not_grow


def test_the_run_review(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    """Per round: a proposed pair of two enrolled people, and one person left unmatched."""
    program = make_program(organization)
    run = MatchRunFactory(program=program)

    def grow(rounds: int) -> None:
        for _ in range(rounds):
            proposal = ProposedPairFactory(run=run, mentee__last_name="Proposed")
            enroll(program, proposal.mentor, EnrollmentRole.MENTOR)
            enroll(program, proposal.mentee, EnrollmentRole.MENTEE)
            department = DepartmentFactory(organization=organization)
            left = EmployeeFactory(organization=organization, department=department, level=9)
            enroll(program, left, EnrollmentRole.MENTEE)
            Unmatched.objects.create(
                run=run, employee=left, role=EnrollmentRole.MENTEE, reason="No mentor fits."
            )

    response = queries_do_not_grow(
        coordinator_client,
        reverse("matching:run_review", args=[program.pk]),
        grow,
        django_assert_num_queries,
    )
    assert response.content.decode().count("Proposed") >= 6
