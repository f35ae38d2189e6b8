"""A participant's read-only view of a program they take part in."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.people.models import Employee
from remento.programs.models import Status
from remento.programs.selectors.participant import participant_program_get_for
from remento.training.models import Resource
from tests.conftest import client_for
from tests.factories import employee_with_login
from tests.relationships.builders import AGREEMENT_TEXT, make_module, make_pair, make_program


def _url(program_pk: int) -> str:
    return reverse("programs:about", args=[program_pk])


def test_an_enrolled_participant_reads_the_program(
    mentee_client: Client,
    organization: Organization,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(organization, created_by=coordinator.user, meeting_cadence_days=14)
    make_pair(program, mentor, mentee)
    make_module(program, "Giving feedback")
    Resource.objects.create(
        organization=organization,
        program=program,
        title="First meeting guide",
        summary="How to start",
        body="Ask questions.",
    )

    response = mentee_client.get(_url(program.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert program.goal in page
    assert AGREEMENT_TEXT in page
    assert "every 2 weeks" in page
    assert "Giving feedback" in page
    assert "First meeting guide" in page
    assert "Cora Ordinator" in page
    assert "mailto:cora@acme.example" in page
    # Read-only: nothing to edit, no coordinator tool.
    assert reverse("programs:edit", args=[program.pk]) not in page


def test_an_invited_participant_reads_it_and_is_offered_the_answer(
    mentee_client: Client, organization: Organization, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.RECRUITING)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="invited"
    )
    page = mentee_client.get(_url(program.pk)).content.decode()
    assert reverse("enrollment:invitation", args=[program.pk]) in page


def test_an_unrelated_participant_gets_404(
    mentee_client: Client, organization: Organization, mentee: Employee
) -> None:
    program = make_program(organization)
    assert mentee_client.get(_url(program.pk)).status_code == 404
    # A place given up is no longer a reason to read it.
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="withdrawn"
    )
    assert mentee_client.get(_url(program.pk)).status_code == 404


def test_a_draft_stays_hidden_from_participants(
    mentee_client: Client, organization: Organization, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.DRAFT)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="invited"
    )
    assert mentee_client.get(_url(program.pk)).status_code == 404


def test_another_organisation_gets_404(stranger: Employee, organization: Organization) -> None:
    program = make_program(organization)
    assert client_for(stranger).get(_url(program.pk)).status_code == 404


def test_the_program_name_links_here_on_participant_pages(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization)
    pair = make_pair(program, mentor, mentee)
    link = f'href="{_url(program.pk)}"'
    for page in ("enrollment:my_programs", "training:my_training"):
        assert link in mentee_client.get(reverse(page)).content.decode(), page
    assert (
        link
        in mentee_client.get(reverse("relationships:pair_detail", args=[pair.pk])).content.decode()
    )


def test_coordinators_get_the_coordinator_link(
    coordinator_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization)
    pair = make_pair(program, mentor, mentee)
    page = coordinator_client.get(
        reverse("relationships:pair_detail", args=[pair.pk])
    ).content.decode()
    assert f'href="{reverse("programs:detail", args=[program.pk])}"' in page


def test_a_participant_no_longer_gets_403_on_the_program(
    organization: Organization, mentee: Employee
) -> None:
    program = make_program(organization)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="enrolled"
    )
    client = client_for(mentee)
    assert client.get(_url(program.pk)).status_code == 200
    # An unrelated colleague of the same organisation does not.
    other = employee_with_login(organization=organization, email="olga@acme.example")
    assert client_for(other).get(_url(program.pk)).status_code == 404


def test_a_paired_mentee_is_sent_to_the_pair_not_to_choose_again(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization, matching_mode="hybrid")
    pair = make_pair(program, mentor, mentee)

    page = mentee_client.get(_url(program.pk)).content.decode()

    assert reverse("relationships:pair_detail", args=[pair.pk]) in page
    assert reverse("matching:choose", args=[program.pk]) not in page


def test_an_unpaired_mentee_of_a_choice_program_is_offered_to_choose(
    mentee_client: Client, organization: Organization, mentee: Employee
) -> None:
    program = make_program(organization, matching_mode="choice")
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="enrolled"
    )
    page = mentee_client.get(_url(program.pk)).content.decode()
    assert reverse("matching:choose", args=[program.pk]) in page


def test_finding_the_viewers_program_joins_no_enrolment_or_pair_rows(
    organization: Organization, coordinator: Employee, mentor: Employee, mentee: Employee
) -> None:
    """Joined together, a program's enrolments and pairs multiply (2,500 enrolments ×
    1,200 pairs: 3 million rows and 0.2 s for one page at 20,000 people); each rule is a
    subquery of the viewer's own rows, so nothing is joined and nothing needs DISTINCT."""
    program = make_program(organization, created_by=coordinator.user)
    make_pair(program, mentor, mentee)

    with CaptureQueriesContext(connection) as captured:
        found = participant_program_get_for(viewer=mentor, program_pk=program.pk)

    assert found == program
    (query,) = [q["sql"] for q in captured.captured_queries if "programs_program" in q["sql"]]
    assert " JOIN " not in query.upper()
