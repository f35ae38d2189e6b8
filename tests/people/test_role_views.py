"""The roles page: organisation admins see and change who administers and coordinates."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization
from remento.people.models import Employee, Role
from remento.people.services.roles import employee_role_set
from tests.conftest import client_for
from tests.factories import EmployeeFactory, employee_with_login

ROLES = reverse("people:role_list")


def role_url(employee: Employee) -> str:
    return reverse("people:role_set", args=[employee.pk])


@pytest.fixture
def admin_client(admin: Employee) -> Client:
    return client_for(admin)


def test_an_admin_sees_the_admins_and_coordinators_but_not_participants(
    admin_client: Client, coordinator: Employee, mentor: Employee
) -> None:
    response = admin_client.get(ROLES)

    assert response.status_code == 200
    listed = [person.pk for person in response.context["page"].rows]
    assert listed[0] == response.context["current_employee"].pk  # admins first
    assert coordinator.pk in listed
    assert mentor.pk not in listed
    assert "2 people with the admin or coordinator role" in response.text


def test_a_search_finds_participants_to_promote(
    admin_client: Client, mentor: Employee, mentee: Employee
) -> None:
    response = admin_client.get(ROLES, {"q": "Maya"})

    assert [person.pk for person in response.context["page"].rows] == [mentor.pk]
    assert f'<label class="visually-hidden" for="role-{mentor.pk}">Role of Maya Junior' in (
        response.text
    )


def test_the_page_lists_nobody_from_another_organisation(
    admin_client: Client, stranger: Employee
) -> None:
    response = admin_client.get(ROLES, {"q": "sam"})

    assert list(response.context["page"].rows) == []


def test_an_admin_makes_a_participant_a_coordinator_and_it_is_audited(
    admin_client: Client, admin: Employee, mentor: Employee
) -> None:
    response = admin_client.post(role_url(mentor), {"role": Role.COORDINATOR, "q": "Maya"})

    assert response.status_code == 302
    assert response["Location"] == f"{ROLES}?q=Maya"
    mentor.refresh_from_db()
    assert mentor.role == Role.COORDINATOR
    event = AuditEvent.objects.get(verb="employee.role_set")
    assert event.actor == admin.user
    assert event.organization == mentor.organization
    assert event.data == {
        "employee_id": mentor.employee_id,
        "from": Role.PARTICIPANT,
        "to": Role.COORDINATOR,
    }
    assert "Maya Junior: program coordinator." in admin_client.get(ROLES).text


def test_an_admin_may_make_another_admin_and_step_down_themselves(
    admin_client: Client, admin: Employee, coordinator: Employee
) -> None:
    admin_client.post(role_url(coordinator), {"role": Role.ADMIN})

    response = admin_client.post(role_url(admin), {"role": Role.PARTICIPANT})

    assert response["Location"] == reverse("home")
    admin.refresh_from_db()
    coordinator.refresh_from_db()
    assert (admin.role, coordinator.role) == (Role.PARTICIPANT, Role.ADMIN)
    assert admin_client.get(ROLES).status_code == 403


def test_the_last_admin_cannot_remove_their_own_admin_role(
    admin_client: Client, admin: Employee
) -> None:
    response = admin_client.post(role_url(admin), {"role": Role.COORDINATOR}, follow=True)

    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    assert "You are the last organisation admin" in response.text
    assert not AuditEvent.objects.filter(verb="employee.role_set").exists()


def test_an_admin_who_has_left_does_not_count_as_another_admin(
    admin_client: Client, admin: Employee, organization: Organization
) -> None:
    EmployeeFactory(organization=organization, role=Role.ADMIN, is_active=False)

    admin_client.post(role_url(admin), {"role": Role.PARTICIPANT})

    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_an_unknown_role_is_refused(admin_client: Client, mentor: Employee) -> None:
    response = admin_client.post(role_url(mentor), {"role": "owner"}, follow=True)

    mentor.refresh_from_db()
    assert mentor.role == Role.PARTICIPANT
    assert "Choose one of the roles offered." in response.text


def test_a_person_who_has_left_keeps_their_role(
    admin_client: Client, organization: Organization
) -> None:
    gone = EmployeeFactory(organization=organization, first_name="Gone", is_active=False)

    response = admin_client.post(role_url(gone), {"role": Role.ADMIN}, follow=True)

    gone.refresh_from_db()
    assert gone.role == Role.PARTICIPANT
    assert "has left the organisation" in response.text


def test_coordinators_and_participants_may_not_open_the_roles_page(
    coordinator_client: Client, mentor_client: Client
) -> None:
    assert coordinator_client.get(ROLES).status_code == 403
    assert mentor_client.get(ROLES).status_code == 403


def test_coordinators_and_participants_may_not_change_roles(
    coordinator_client: Client, mentor_client: Client, coordinator: Employee, mentor: Employee
) -> None:
    assert coordinator_client.post(role_url(coordinator), {"role": Role.ADMIN}).status_code == 403
    assert mentor_client.post(role_url(mentor), {"role": Role.ADMIN}).status_code == 403

    coordinator.refresh_from_db()
    mentor.refresh_from_db()
    assert (coordinator.role, mentor.role) == (Role.COORDINATOR, Role.PARTICIPANT)


def test_signed_out_visitors_are_sent_to_sign_in(db: None, mentor: Employee) -> None:
    for response in (Client().get(ROLES), Client().post(role_url(mentor), {"role": "admin"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_person_of_another_organisation_is_a_404(
    admin_client: Client, stranger: Employee
) -> None:
    response = admin_client.post(role_url(stranger), {"role": Role.PARTICIPANT})

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == Role.COORDINATOR


def test_an_admin_of_another_organisation_cannot_change_ours(
    stranger: Employee, mentor: Employee
) -> None:
    Employee.objects.filter(pk=stranger.pk).update(role=Role.ADMIN)

    response = client_for(stranger).post(role_url(mentor), {"role": Role.ADMIN})

    assert response.status_code == 404
    mentor.refresh_from_db()
    assert mentor.role == Role.PARTICIPANT


def test_roles_page_changes_must_be_posted(admin_client: Client, mentor: Employee) -> None:
    assert admin_client.get(role_url(mentor)).status_code == 405


def test_the_service_refuses_anyone_but_an_admin_of_the_organisation(
    coordinator: Employee, mentor: Employee, stranger: Employee
) -> None:
    from django.core.exceptions import PermissionDenied

    assert coordinator.user is not None
    with pytest.raises(PermissionDenied):
        employee_role_set(actor=coordinator.user, employee=mentor, role=Role.ADMIN)
    Employee.objects.filter(pk=stranger.pk).update(role=Role.ADMIN)
    stranger.refresh_from_db()
    assert stranger.user is not None
    with pytest.raises(PermissionDenied):
        employee_role_set(actor=stranger.user, employee=mentor, role=Role.ADMIN)


def test_setting_the_role_someone_has_changes_nothing(admin: Employee, mentor: Employee) -> None:
    assert admin.user is not None

    employee_role_set(actor=admin.user, employee=mentor, role=Role.PARTICIPANT)

    assert not AuditEvent.objects.filter(verb="employee.role_set").exists()


def test_one_of_two_admins_may_step_down_but_then_the_other_may_not(
    admin: Employee, organization: Organization
) -> None:
    second = employee_with_login(organization=organization, email="b@acme.example", role="admin")
    assert second.user is not None
    assert admin.user is not None

    employee_role_set(actor=second.user, employee=second, role=Role.PARTICIPANT)

    with pytest.raises(ServiceError, match="You are the last organisation admin"):
        employee_role_set(actor=admin.user, employee=admin, role=Role.PARTICIPANT)


def test_the_nav_shows_roles_to_admins_only(
    admin_client: Client, coordinator_client: Client
) -> None:
    assert f'href="{ROLES}"' in admin_client.get(reverse("home")).text
    assert f'href="{ROLES}"' not in coordinator_client.get(reverse("home")).text
