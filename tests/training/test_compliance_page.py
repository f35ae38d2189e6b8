"""The training compliance page at any size: the summary from one aggregate query (the same
figures as the whole report), 50 people a page (those not yet done by default, everyone,
one module's, or by name), the same query count at two sizes, and what it tells the
coordinator to do."""

from __future__ import annotations

from itertools import count
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import Organization
from remento.core.paging import last_page_cursor
from remento.enrollment.models import EnrollmentRole
from remento.people.models import Employee
from remento.programs.models import Program
from remento.training.compliance import compliance_summary, required_modules
from remento.training.models import TrainingModule
from remento.training.selectors import training_compliance
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.relationships.builders import complete, enroll, make_module, make_pair, make_program

NUMBERS = count()
STEP = 20  # people per step: 20, then 60, past the page of 50


def _url(program: Program, **query: str) -> str:
    url = reverse("training:compliance", args=[program.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _modules(program: Program) -> tuple[TrainingModule, TrainingModule]:
    first = make_module(program, "Giving and receiving feedback", position=1)
    second = make_module(program, "Setting goals together", position=2)
    make_module(program, "Optional reading", required=False, position=3)
    return first, second


def _grow(
    organization: Organization, program: Program, people: int, modules: tuple[TrainingModule, ...]
) -> list[Employee]:
    """``people`` enrolled; every third completed everything, every third the first only."""
    made = []
    for _ in range(people):
        number = next(NUMBERS)
        person = EmployeeFactory.create(
            organization=organization,
            last_name=f"Trainee{number:04d}",
            department=DepartmentFactory.create(organization=organization, name=f"Dept {number}"),
        )
        enroll(program, person, EnrollmentRole.MENTOR)
        if number % 3 == 0:
            complete(modules[0], person)
            complete(modules[1], person)
        elif number % 3 == 1:
            complete(modules[0], person)
        made.append(person)
    return made


def _pinned(client: Client, url: str, grow: Any, django_assert_num_queries: Any) -> Any:
    grow(STEP)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(2 * STEP)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_summary_is_one_query_and_agrees_with_the_whole_report(
    organization: Organization, program: Program, django_assert_num_queries: Any
) -> None:
    modules = _modules(program)
    _grow(organization, program, 12, modules)
    make_pair(
        program,
        EmployeeFactory.create(organization=organization),
        EmployeeFactory.create(organization=organization),
    )
    listed = required_modules(program=program)

    with django_assert_num_queries(1):
        summary = compliance_summary(program=program, modules=listed)

    report = training_compliance(program=program)
    assert summary.people_total == report.people_total == 14
    assert summary.people_complete == report.people_complete
    assert summary.people_incomplete == len(report.incomplete)
    assert summary.module_counts == report.module_counts


def test_the_page_keeps_its_query_count_first_and_last_page_and_filtered(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    modules = _modules(program)

    def grow(n: int) -> None:
        _grow(organization, program, n, modules)

    first = _pinned(
        coordinator_client, _url(program, show="everyone"), grow, django_assert_num_queries
    )
    assert (first.context["page"].start, first.context["page"].end) == (1, 50)
    assert first.context["page"].total == 60

    last = _pinned(
        coordinator_client,
        _url(program, show="everyone", cursor=last_page_cursor()),
        grow,
        django_assert_num_queries,
    )
    assert last.context["page"].end == last.context["page"].total == 120

    narrowed = _pinned(
        coordinator_client,
        _url(program, q="trainee"),
        grow,
        django_assert_num_queries,
    )
    # Two in three of everyone grown so far miss a module.
    assert narrowed.context["page"].total == 2 * (120 + 3 * STEP) // 3


def test_not_yet_done_and_one_module_narrow_the_list(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    first, second = _modules(program)
    done, half, none = _grow(organization, program, 3, (first, second))

    def shown(**query: str) -> list[Employee]:
        response = coordinator_client.get(_url(program, **query))
        return [row.employee for row in response.context["rows"]]

    assert shown() == [half, none]
    assert shown(show="everyone") == [done, half, none]
    assert shown(module=str(first.pk)) == [none]
    assert shown(module=str(second.pk)) == [half, none]


def test_each_row_says_when_each_module_was_completed(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    first, second = _modules(program)
    _done, half, _none = _grow(organization, program, 3, (first, second))

    response = coordinator_client.get(_url(program, show="everyone", q=half.last_name))
    [row] = response.context["rows"]

    assert [module for module, when in row.completed if when is not None] == [first]
    assert row.missing == [second]


def test_a_module_of_another_program_is_refused_with_the_field_named(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    modules = _modules(program)
    _grow(organization, program, 1, modules)
    other = make_module(make_program(organization, name="Other"), "Elsewhere")

    response = coordinator_client.get(_url(program, module=str(other.pk)))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_nobody_left_to_chase_says_so(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    first, second = _modules(program)
    person = EmployeeFactory.create(organization=organization)
    enroll(program, person, EnrollmentRole.MENTOR)
    complete(first, person)
    complete(second, person)

    page = coordinator_client.get(_url(program)).content.decode()

    assert "Everyone has completed every required module." in page


def test_people_missing_training_are_pointed_at_with_the_filter(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    modules = _modules(program)
    _grow(organization, program, 3, modules)

    page = coordinator_client.get(_url(program)).content.decode()

    assert "2 people still miss a required module" in page
    assert f'href="{_url(program, module=str(modules[1].pk))}"' in page


def test_the_page_is_for_the_programs_coordinators_only(
    program: Program, stranger: Employee, mentor: Employee
) -> None:
    _modules(program)
    assert client_for(stranger).get(_url(program)).status_code == 404
    assert client_for(mentor).get(_url(program)).status_code == 403
