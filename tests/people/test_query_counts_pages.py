"""The directory, roles, nominate, participants-search and audit pages take as many
queries for 3N rows as for N (see tests/queries.py), on their first page, their last page
and with a search, so that a query per row fails here."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from remento.core.audit import audit_log
from remento.core.models import Organization
from remento.core.paging import last_page_cursor
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee, Role
from remento.programs.models import EnrollmentMode
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory, enroll, make_program
from tests.queries import queries_do_not_grow

_ids = count()
ROWS_PER_STEP = 15  # two steps (N = 2, then 3N = 6) pass the 25 or 50 of a page


def _grow_people(
    organization: Organization, role: str = Role.PARTICIPANT
) -> Callable[[int], list[Employee]]:
    def grow(steps: int) -> list[Employee]:
        made: list[Employee] = []
        for _ in range(steps * ROWS_PER_STEP):
            number = next(_ids)
            made.append(
                EmployeeFactory.create(
                    organization=organization,
                    last_name=f"Grown{number:05d}",
                    title="Grown analyst",
                    role=role,
                    # A department each: a query per department would show.
                    department=DepartmentFactory.create(
                        organization=organization, name=f"D{number}"
                    ),
                )
            )
        return made

    return grow


def _context(response: object) -> Any:
    """The template context the test client attaches to a response."""
    return getattr(response, "context")  # noqa: B009 (set by the test client, not typed)


def _url(name: str, *args: Any, **query: str) -> str:
    return f"{reverse(name, args=args)}?{urlencode(query)}" if query else reverse(name, args=args)


def test_the_directory_first_page(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    queries_do_not_grow(
        coordinator_client,
        _url("people:directory"),
        _grow_people(organization),
        django_assert_num_queries,
    )


def test_the_directory_last_page(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    response = queries_do_not_grow(
        coordinator_client,
        _url("people:directory", cursor=last_page_cursor()),
        _grow_people(organization),
        django_assert_num_queries,
    )
    page = _context(response)["page"]
    assert (page.end, page.has_next) == (page.total, False)


def test_the_directory_search(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    response = queries_do_not_grow(
        coordinator_client,
        _url("people:directory", q="grown analyst"),
        _grow_people(organization),
        django_assert_num_queries,
    )
    assert _context(response)["page"].total == 6 * ROWS_PER_STEP


def test_the_roles_page_and_its_search(
    organization: Organization, admin: Employee, django_assert_num_queries: Any
) -> None:
    client = client_for(admin)
    queries_do_not_grow(
        client,
        _url("people:role_list"),
        _grow_people(organization, role=Role.COORDINATOR),
        django_assert_num_queries,
    )
    queries_do_not_grow(
        client,
        _url("people:role_list", q="grown", cursor=last_page_cursor()),
        _grow_people(organization),
        django_assert_num_queries,
    )


def test_the_nominate_search(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    program = make_program(organization, "signup", enrollment_mode=EnrollmentMode.NOMINATION)
    response = queries_do_not_grow(
        coordinator_client,
        _url("enrollment:nominate", program.pk, q="grown"),
        _grow_people(organization),
        django_assert_num_queries,
    )
    assert len(_context(response)["candidates"]) == 25


def test_the_participants_search_and_last_page(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    program = make_program(organization, "signup")
    grow_people = _grow_people(organization)

    def grow(steps: int) -> None:
        for person in grow_people(steps):
            enroll(program, person, EnrollmentRole.MENTEE)

    response = queries_do_not_grow(
        coordinator_client,
        _url("enrollment:participants", program.pk, q="grown", cursor=last_page_cursor()),
        grow,
        django_assert_num_queries,
    )
    page = _context(response)["overview"].page
    assert (page.start, page.end, page.total) == (51, 90, 90)


def test_the_audit_trail_last_page(
    organization: Organization, admin: Employee, django_assert_num_queries: Any
) -> None:
    grow_people = _grow_people(organization)

    def grow(steps: int) -> None:
        for person in grow_people(steps):
            audit_log(actor=admin.user, organization=organization, verb="x.grown", target=person)

    queries_do_not_grow(
        client_for(admin),
        _url("people:audit_list", cursor=last_page_cursor()),
        grow,
        django_assert_num_queries,
    )
