"""The compliance page from the kept training standing (issue 20): the kept figures and
lists equal the live ones on a varied program, a completion moves the person's row at once,
the page costs the same queries at two sizes, says "as of", asks the worker again when the
figures are old (once), and only the program's coordinators may see or count again."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.people.sort_names import sort_names_refresh
from remento.programs.models import Program
from remento.relationships.models import PairStatus
from remento.training.compliance import (
    ComplianceFilters,
    ComplianceSummary,
    compliance_page,
    compliance_summary,
    required_modules,
)
from remento.training.compliance_kept import kept_compliance_page, kept_summary
from remento.training.models import (
    TrainingModule,
    TrainingModuleTally,
    TrainingStanding,
    TrainingStandingRun,
)
from remento.training.services.modules import training_complete
from remento.training.standing import standing_refresh
from tests.conftest import client_for
from tests.factories import PairFactory, employee_with_user
from tests.relationships.builders import complete, enroll, make_module

NUMBERS = count()


def _person(organization: Organization, **fields: Any) -> Employee:
    return employee_with_user(
        organization=organization, last_name=f"Kept{next(NUMBERS):04d}", **fields
    )


def _modules(program: Program) -> tuple[TrainingModule, TrainingModule]:
    first = make_module(program, "Giving and receiving feedback", position=1)
    second = make_module(program, "Setting goals together", position=2)
    make_module(program, "Optional reading", required=False, position=3)
    return first, second


def _varied(organization: Organization, program: Program, people: int = 3) -> list[Employee]:
    """Per three of ``people``: one done, one missing the second module, one missing both;
    then two of the same name missing both, someone who withdrew, someone only in an open
    pair (counted, missing both), two only in a closed pair (not counted)."""
    first, second = _modules(program)
    made = []
    for number in range(people):
        person = _person(organization)
        enroll(program, person, EnrollmentRole.MENTEE)
        if number % 3 != 2:
            complete(first, person)
        if number % 3 == 0:
            complete(second, person)
        made.append(person)
    for employee_id in ("Z-TWIN", "A-TWIN"):  # the same name: told apart by pk, both ways
        twin = employee_with_user(
            organization=organization, last_name="Twin", first_name="Sam", employee_id=employee_id
        )
        enroll(program, twin, EnrollmentRole.MENTOR)
    left = _person(organization)
    enroll(program, left, EnrollmentRole.MENTOR, status=EnrollmentStatus.WITHDRAWN)
    complete(first, left)
    PairFactory.create(program=program, mentor=_person(organization), mentee=made[0])
    PairFactory.create(
        program=program,
        mentor=_person(organization),
        mentee=_person(organization),
        status=PairStatus.CLOSED,
    )
    return made


def _figures(summary: ComplianceSummary) -> tuple[Any, ...]:
    counts = [(row.module.pk, row.missing) for row in summary.module_counts]
    return summary.people_total, summary.people_complete, counts


def _same_as_live(program: Program) -> None:
    modules = required_modules(program=program)
    live = compliance_summary(program=program, modules=modules)
    kept = kept_summary(program=program, modules=modules).summary
    assert kept is not None
    assert _figures(kept) == _figures(live)
    choices = [
        ComplianceFilters(),
        ComplianceFilters(everyone=True),
        ComplianceFilters(text="Kept"),
        *(ComplianceFilters(module=module.pk) for module in modules),
    ]
    for filters in choices:
        live_page, _ = compliance_page(
            program=program, modules=modules, filters=filters, summary=live
        )
        kept_page, rows = kept_compliance_page(
            program=program, modules=modules, filters=filters, summary=kept
        )
        assert [row.employee.pk for row in rows] == [person.pk for person in live_page.rows]
        assert kept_page.total == live_page.total


def test_kept_figures_and_lists_equal_the_live_ones(
    organization: Organization, program: Program
) -> None:
    _varied(organization, program, people=9)
    kept = standing_refresh(program)
    assert kept == TrainingStanding.objects.filter(program=program).count()
    _same_as_live(program)


def test_a_completion_moves_the_persons_row_and_the_counts_at_once(
    organization: Organization, program: Program
) -> None:
    made = _varied(organization, program)
    first, second = required_modules(program=program)
    standing_refresh(program)
    almost = made[1]  # completed the first module only
    assert almost.user is not None
    training_complete(actor=almost.user, module=second)
    row = TrainingStanding.objects.get(program=program, employee=almost)
    assert (row.missing, row.done) == (0, True)
    assert TrainingModuleTally.objects.get(module=second).done == 2
    _same_as_live(program)
    assert made[2].user is not None
    training_complete(actor=made[2].user, module=first)
    assert TrainingStanding.objects.get(program=program, employee=made[2]).missing == 1
    _same_as_live(program)


def test_a_changed_name_is_copied_to_the_kept_rows(
    organization: Organization, program: Program
) -> None:
    made = _varied(organization, program)
    standing_refresh(program)
    Employee.objects.filter(pk=made[0].pk).update(last_name="Aaronson")
    sort_names_refresh([made[0].pk])
    assert TrainingStanding.objects.get(employee=made[0]).sort_name.startswith("Aaronson\t")


def _url(program: Program) -> str:
    return reverse("training:compliance", args=[program.pk])


def test_the_kept_page_costs_the_same_queries_at_two_sizes(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    _varied(organization, program, people=20)
    standing_refresh(program)
    coordinator_client.get(_url(program))
    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(_url(program)).status_code == 200
    first, _second = required_modules(program=program)
    for _ in range(60):
        person = _person(organization)
        enroll(program, person, EnrollmentRole.MENTOR)
        complete(first, person)
    standing_refresh(program)
    with django_assert_num_queries(len(small)):
        response = coordinator_client.get(_url(program))
    assert "Figures as of" in response.content.decode()
    assert response.context["page"].total == 76  # 7 + 60 missing the second, 9 neither


def test_old_figures_are_counted_again_once_and_changed_modules_go_live(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _varied(organization, program)
    standing_refresh(program, now=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks() as queued:
        coordinator_client.get(_url(program))
        coordinator_client.get(_url(program))
    assert len(queued) == 1  # the second view finds a request waiting
    queued[0]()  # the worker
    run = TrainingStandingRun.objects.get(pk=program.pk)
    assert run.computed_at is not None
    assert run.queued_at is not None
    assert run.computed_at > run.queued_at  # the worker ran
    make_module(program, "A new requirement", position=9)
    response = coordinator_client.get(_url(program))
    assert response.context["report"].as_of is None  # worked out live until counted again
    assert response.context["report"].people_total == 6


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_participant_can_neither_see_nor_count_again(
    program: Program, mentee: Employee, mentee_client: Client, method: str
) -> None:
    enroll(program, mentee, EnrollmentRole.MENTEE)
    url = _url(program) if method == "get" else _count_again(program)
    assert getattr(mentee_client, method)(url).status_code == 403
    assert not TrainingStandingRun.objects.filter(pk=program.pk).exists()


def _count_again(program: Program) -> str:
    return reverse("training:compliance_count_again", args=[program.pk])


def test_a_coordinator_counts_again_and_the_nightly_command_counts_every_program(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _varied(organization, program)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(_count_again(program))
    assert response.status_code == 302
    assert TrainingStandingRun.objects.get(pk=program.pk).people_total == 6
    TrainingStanding.objects.all().delete()
    call_command("refresh_training_standing")
    assert TrainingStanding.objects.filter(program=program).count() == 6


def test_another_organisations_coordinator_can_neither_see_nor_count_again(
    program: Program, stranger: Employee
) -> None:
    client = client_for(stranger)
    assert client.get(_url(program)).status_code == 404
    assert client.post(_count_again(program)).status_code == 404
    assert not TrainingStandingRun.objects.filter(pk=program.pk).exists()
