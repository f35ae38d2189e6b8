"""The copies of a person's name that the participants and pairs lists sort by
(``people.sort_names``) are given when the rows are made and follow the person's name
wherever it changes: the HRIS import, the admin, erasure (SCIM: tests/integrations/scim)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib import admin as django_admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.enrollment.services.coordinator import enrollment_nominate
from remento.people.admin import EmployeeAdmin
from remento.people.importing.services import people_import_apply
from remento.people.models import Employee
from remento.people.services.personal_data import person_erase
from remento.people.sort_names import sort_names_refresh
from remento.programs.locks import program_lock
from remento.programs.models import Program
from remento.relationships.models import Pair, PairSource
from remento.relationships.services import pair_create
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.people.import_files import csv_bytes, person
from tests.relationships.builders import enroll, make_pair, make_program


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization, "signup")


def _copies(employee: Employee) -> set[str]:
    return {
        *Enrollment.objects.filter(employee=employee).values_list("sort_name", flat=True),
        *Pair.objects.filter(mentee=employee).values_list("mentee_sort_name", flat=True),
    }


def test_the_copy_rewritten_in_sql_equals_the_one_given_in_python(
    organization: Organization, program: Program
) -> None:
    names = [("Zoë", "O'Brien-Núñez"), ("  Ann ", "de la Cruz"), ("李", "王"), ("", "Émile")]
    people = [
        EmployeeFactory.create(organization=organization, first_name=first, last_name=last)
        for first, last in names
    ]
    for employee in people:
        enroll(program, employee, EnrollmentRole.MENTEE)
    Enrollment.objects.update(sort_name="")

    sort_names_refresh(employee.pk for employee in people)

    for employee in people:
        assert _copies(employee) == {employee.sort_name}


def test_the_participants_list_sorts_by_the_name_an_import_gave(
    organization: Organization, program: Program, admin: Employee
) -> None:
    people_import_apply(
        actor=None,
        organization=organization,
        data=csv_bytes([person("E1", last_name="Adams"), person("E2", last_name="Baker")]),
    )
    for employee in Employee.objects.filter(employee_id__in=["E1", "E2"]):
        enroll(program, employee, EnrollmentRole.MENTEE)
    url = reverse("enrollment:participants", args=[program.pk])

    def listed() -> list[str]:
        rows = client_for(admin).get(url).context["overview"].rows
        return [row.employee.employee_id for row in rows if row.employee.employee_id]

    assert listed() == ["E1", "E2"]

    people_import_apply(
        actor=None,
        organization=organization,
        data=csv_bytes([person("E1", last_name="Young"), person("E2", last_name="Baker")]),
    )

    assert listed() == ["E2", "E1"]
    assert _copies(Employee.objects.get(employee_id="E1")) == {"Young\tFirst1"}


def test_a_pair_and_an_enrolment_made_by_the_services_carry_the_name(
    organization: Organization, coordinator: Employee
) -> None:
    program = make_program(organization, "signup")
    mentor = EmployeeFactory.create(organization=organization, level=2)
    mentee = EmployeeFactory.create(organization=organization, level=9, last_name="Quinn")
    enrollment_nominate(
        actor=coordinator.user, program=program, employees=[mentee], role=EnrollmentRole.MENTEE
    )

    with transaction.atomic():
        program_lock(program.pk)
        pair = pair_create(
            actor=coordinator.user,
            program=program,
            mentor=mentor,
            mentee=mentee,
            source=PairSource.BULK,
        )

    assert Pair.objects.get(pk=pair.pk).mentee_sort_name == "Quinn\t" + mentee.first_name
    assert Enrollment.objects.get(employee=mentee).sort_name == mentee.sort_name


def test_erasing_a_person_leaves_no_copy_of_their_name(
    admin: Employee, organization: Organization
) -> None:
    program = make_program(organization)
    mentor = EmployeeFactory.create(organization=organization, level=2)
    mentee = EmployeeFactory.create(organization=organization, level=9, last_name="Forgotten")
    make_pair(program, mentor, mentee)

    person_erase(actor=admin.user, employee=mentee)

    erased = Employee.objects.get(pk=mentee.pk)
    assert _copies(erased) == {erased.sort_name}
    assert not any("Forgotten" in copy for copy in _copies(erased))


def test_a_name_changed_in_the_admin_is_copied(
    organization: Organization, program: Program, admin: Employee
) -> None:
    employee = EmployeeFactory.create(organization=organization, last_name="Before")
    enroll(program, employee, EnrollmentRole.MENTOR)
    employee.last_name = "After"
    form = SimpleNamespace(initial={"level": employee.level}, changed_data=["last_name"])
    request = RequestFactory().post("/")
    request.user = admin.user

    EmployeeAdmin(Employee, django_admin.site).save_model(request, employee, form, change=True)

    assert _copies(employee) == {f"After\t{employee.first_name}"}
