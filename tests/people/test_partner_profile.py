"""A partner's profile: open to the partner, to a mentee choosing among a program's mentors
and to the two people of a request; never sensitive or HRIS-only fields; 404 for anyone
else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MentorRequest
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from remento.programs.models import MatchingMode, Status
from tests.conftest import client_for
from tests.factories import EmployeeFactory, employee_with_login
from tests.relationships.builders import make_pair, make_program


def _url(employee: Employee) -> str:
    return reverse("people:employee_detail", args=[employee.pk])


def test_a_mentee_sees_their_mentors_partner_profile(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    mentor.title, mentor.location, mentor.bio = "Analyst", "Lyon", "I love spreadsheets."
    mentor.timezone = "Asia/Singapore"
    mentor.hire_date = timezone.now().date().replace(year=2011)
    mentor.employee_id = "HR-77431"
    mentor.save()
    SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.values[0], value="secret-value", consent_matching=True
    )
    make_pair(make_program(organization), mentor, mentee)

    with time_machine.travel(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        response = mentee_client.get(_url(mentor))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Asia/Singapore — 20:00 there now (Monday)" in page
    assert "Maya Junior" in page
    assert "Analyst" in page
    assert "Lyon" in page
    assert "I love spreadsheets." in page
    # Nothing the HRIS alone should know (birth year, hire date, employee id, level),
    # nothing sensitive.
    for private in ("1999", "2011", "HR-77431", "Level", "secret-value"):
        assert private not in page
    assert response.templates[0].name == "people/partner_profile.html"


def test_the_mentor_sees_their_mentee_too(
    mentor_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    make_pair(make_program(organization), mentor, mentee)
    assert mentor_client.get(_url(mentee)).status_code == 200


def test_an_unrelated_participant_gets_404(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    make_pair(make_program(organization), mentor, mentee)
    outsider = employee_with_login(organization=organization, email="olga@acme.example")
    client = client_for(outsider)

    assert client.get(_url(mentor)).status_code == 404
    assert client.get(_url(mentee)).status_code == 404


def test_another_organisation_gets_404_even_when_paired_there(
    stranger: Employee, mentor: Employee
) -> None:
    # The stranger is a coordinator of another organisation: our people stay hidden.
    assert client_for(stranger).get(_url(mentor)).status_code == 404


def test_a_mentee_choosing_a_mentor_sees_the_programs_mentors_only(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.MATCHING, matching_mode=MatchingMode.CHOICE)
    for person, role in ((mentor, EnrollmentRole.MENTOR), (mentee, EnrollmentRole.MENTEE)):
        Enrollment.objects.create(
            program=program, employee=person, role=role, status=EnrollmentStatus.ENROLLED
        )
    elsewhere = EmployeeFactory(organization=organization)
    bulk = make_program(organization, name="Bulk one", status=Status.MATCHING)
    Enrollment.objects.create(
        program=bulk, employee=elsewhere, role=EnrollmentRole.MENTOR, status="enrolled"
    )

    assert mentee_client.get(_url(mentor)).status_code == 200
    assert mentee_client.get(_url(elsewhere)).status_code == 404


def test_a_mentor_sees_the_mentee_who_asked_them(
    mentor_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.MATCHING, matching_mode="choice")
    MentorRequest.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        rank=1,
        expires_at=timezone.now() + timedelta(days=3),
    )
    assert mentor_client.get(_url(mentee)).status_code == 200


def test_coordinators_and_oneself_still_get_the_full_profile(
    coordinator_client: Client, mentee_client: Client, mentee: Employee
) -> None:
    full = coordinator_client.get(_url(mentee))
    own = mentee_client.get(_url(mentee))
    assert full.templates[0].name == own.templates[0].name == "people/employee_detail.html"
