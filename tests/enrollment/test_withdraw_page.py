"""Leaving a program: the page speaks to the person, says what leaving means, is not
offered where it cannot work, and tells a paired participant how to end the pair."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairSource
from tests.enrollment.conftest import make_program


def _enroll(
    program: Program, employee: Employee, role: str, status: str = "enrolled"
) -> Enrollment:
    return Enrollment.objects.create(program=program, employee=employee, role=role, status=status)


def test_the_page_says_in_the_second_person_what_leaving_means(
    mentee_client: Client, program: Program, mentee: Employee
) -> None:
    _enroll(program, mentee, EnrollmentRole.MENTEE)

    response = mentee_client.get(reverse("enrollment:withdraw", args=[program.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "You will leave" in page
    assert "where you are a mentee" in page
    assert "Leave Digital Fluency</button>" in page
    assert Enrollment.objects.get().status == "enrolled"  # GET changes nothing


def test_leaving_with_a_reason(mentee_client: Client, program: Program, mentee: Employee) -> None:
    _enroll(program, mentee, EnrollmentRole.MENTEE)

    response = mentee_client.post(
        reverse("enrollment:withdraw", args=[program.pk]), {"reason": "No time this spring."}
    )

    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert enrollment.status == "withdrawn"
    assert enrollment.note == "No time this spring."


def test_a_paired_participant_is_told_how_to_end_the_pair_and_is_not_withdrawn(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.ACTIVE)
    _enroll(program, mentor, EnrollmentRole.MENTOR)
    _enroll(program, mentee, EnrollmentRole.MENTEE)
    pair = Pair.objects.create(
        program=program, mentor=mentor, mentee=mentee, source=PairSource.BULK
    )
    url = reverse("enrollment:withdraw", args=[program.pk])

    page = mentee_client.get(url).content.decode()
    posted = mentee_client.post(url)

    assert "You are paired with Maya Junior" in page
    assert reverse("relationships:pair_close", args=[pair.pk]) in page
    assert "Leave Digital Fluency</button>" not in page
    assert posted.status_code == 400
    assert Enrollment.objects.get(employee=mentee).status == "enrolled"


def test_my_programs_offers_leaving_only_where_it_can_work(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    open_program = make_program(organization, name="Open one")
    closed = make_program(organization, name="Closed one", status=Status.CLOSED)
    paired = make_program(organization, name="Paired one", status=Status.ACTIVE)
    _enroll(open_program, mentee, EnrollmentRole.MENTEE)
    _enroll(closed, mentee, EnrollmentRole.MENTEE)
    _enroll(paired, mentee, EnrollmentRole.MENTEE)
    Pair.objects.create(program=paired, mentor=mentor, mentee=mentee, source=PairSource.BULK)

    page = mentee_client.get(reverse("enrollment:my_programs")).content.decode()

    assert reverse("enrollment:withdraw", args=[open_program.pk]) in page
    assert reverse("enrollment:withdraw", args=[closed.pk]) not in page
    assert "How to leave" in page  # the paired place points to the way out, not a button


def test_a_closed_program_cannot_be_left(
    mentee_client: Client, organization: Organization, mentee: Employee
) -> None:
    closed = make_program(organization, status=Status.CLOSED)
    _enroll(closed, mentee, EnrollmentRole.MENTEE)

    response = mentee_client.get(reverse("enrollment:withdraw", args=[closed.pk]))

    assert "is closed" in response.content.decode()
    assert mentee_client.post(reverse("enrollment:withdraw", args=[closed.pk])).status_code == 400


def test_my_programs_links_choosing_and_requests(
    mentee_client: Client,
    mentor_client: Client,
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(organization, status=Status.MATCHING, matching_mode="choice")
    _enroll(program, mentor, EnrollmentRole.MENTOR)
    _enroll(program, mentee, EnrollmentRole.MENTEE)

    assert (
        reverse("matching:choose", args=[program.pk])
        in mentee_client.get(reverse("enrollment:my_programs")).content.decode()
    )
    assert (
        reverse("matching:inbox", args=[program.pk])
        in mentor_client.get(reverse("enrollment:my_programs")).content.decode()
    )


def test_someone_else_s_program_is_a_404(
    stranger: Employee, program: Program, mentee: Employee
) -> None:
    from tests.conftest import client_for

    _enroll(program, mentee, EnrollmentRole.MENTEE)
    response = client_for(stranger).get(reverse("enrollment:withdraw", args=[program.pk]))
    assert response.status_code == 404
