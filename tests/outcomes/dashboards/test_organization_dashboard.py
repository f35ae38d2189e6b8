"""The organisation's dashboard: every program with its KPIs, a page at a time; the funnel;
the KPIs by group, where no group under the minimum size ever shows."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentStatus
from remento.outcomes.dashboards.organization import PAGE_SIZE
from remento.programs.models import KpiKind, ProgramKpi, Status
from tests.factories import DepartmentFactory, EmployeeFactory, enroll, make_program
from tests.outcomes.kpis.builders import HandMade, grow
from tests.queries import queries_do_not_grow

URL = reverse("outcomes:organization_dashboard")


def _department(organization: Organization, name: str, people: int, program: Any) -> None:
    department = DepartmentFactory(organization=organization, name=name)
    for index in range(people):
        person = EmployeeFactory.create(
            organization=organization, department=department, level=2, location="Leeds"
        )
        enroll(program, person, "mentor" if index % 2 else "mentee")


def test_a_department_under_the_minimum_never_shows_nor_can_be_worked_out(
    organization: Organization, coordinator_client: Client, settings: Any
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 5
    program = make_program(organization, name="Digital Leaders")
    _department(organization, "Engineering", 7, program)
    _department(organization, "Finance", 6, program)
    _department(organization, "Secret Lab", 2, program)

    page = coordinator_client.get(URL).content.decode()

    assert "Secret Lab" not in page
    # One hidden group could be worked out from the total: the next smallest is hidden too.
    assert "Finance" not in page
    assert '<th scope="row">Engineering</th><td>7</td>' in page
    assert '<th scope="row">Everyone</th><td>15</td>' in page
    assert "2 groups are hidden." in page


def test_no_group_shows_when_every_group_is_small(
    organization: Organization, coordinator_client: Client, settings: Any
) -> None:
    settings.REMENTO_MIN_GROUP_SIZE = 5
    program = make_program(organization, name="Digital Leaders")
    _department(organization, "Engineering", 3, program)
    _department(organization, "Secret Lab", 2, program)

    page = coordinator_client.get(URL).content.decode()

    assert "Engineering" not in page
    assert "Secret Lab" not in page


def test_each_program_shows_with_its_kpis_against_their_targets(
    made: HandMade, coordinator_client: Client
) -> None:
    page = coordinator_client.get(URL).content.decode()

    assert reverse("outcomes:program_dashboard", args=[made.program.pk]) in page
    # 8 held meetings over 3 started pairs, against a target of 3.
    below = '<span class="badge badge-warn">Not yet</span>'  # the program runs
    assert f'<td class="num" data-label="Result">2.7 meetings {below}</td>' in page
    assert '<td class="num" data-label="Target">3 meetings</td>' in page


def test_programs_come_a_page_at_a_time_running_ones_first(
    organization: Organization, coordinator_client: Client
) -> None:
    for index in range(PAGE_SIZE):
        make_program(organization, name=f"Draft {index:02}", status=Status.DRAFT)
    running = make_program(organization, name="Running program", status=Status.ACTIVE)

    first = coordinator_client.get(URL).content.decode()
    second = coordinator_client.get(URL, {"page": 2}).content.decode()

    assert "Running program" in first
    assert "Page 1 of 2" in first
    assert "Draft 09" in second
    assert reverse("outcomes:program_dashboard", args=[running.pk]) in first


def test_the_page_takes_as_many_queries_for_three_times_the_pairs(
    made: HandMade,
    organization: Organization,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    queries_do_not_grow(
        coordinator_client,
        URL,
        lambda n: grow(made.program, organization, n),
        django_assert_num_queries,
    )


def test_the_page_takes_as_many_queries_for_three_times_the_programs(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    def more_programs(n: int) -> None:
        for _ in range(n):
            program = make_program(organization)
            ProgramKpi.objects.create(program=program, kind=KpiKind.MEETINGS_PER_PAIR, target=4)
            person = EmployeeFactory.create(organization=organization, level=2)
            enroll(program, person, "mentor", status=EnrollmentStatus.ENROLLED)

    queries_do_not_grow(coordinator_client, URL, more_programs, django_assert_num_queries)
