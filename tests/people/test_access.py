"""Who may open the people pages: coordinators see their organisation, participants only
themselves, other organisations nothing; sensitive values appear on no page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from tests.conftest import client_for
from tests.factories import UserFactory

SECRET = "Zephyrine-heritage-7731"


def test_a_participant_cannot_open_the_directory(mentor_client: Client) -> None:
    response = mentor_client.get(reverse("people:directory"))
    assert response.status_code == 403


def test_a_participant_cannot_open_another_persons_profile(
    mentor_client: Client, mentee: Employee
) -> None:
    response = mentor_client.get(reverse("people:employee_detail", args=[mentee.pk]))
    assert response.status_code == 404


def test_a_participant_can_open_their_own_profile(mentor_client: Client, mentor: Employee) -> None:
    response = mentor_client.get(reverse("people:employee_detail", args=[mentor.pk]))
    assert response.status_code == 200
    assert "Maya Junior" in response.text


def test_a_coordinator_of_another_organisation_gets_404_for_our_people(
    stranger: Employee, mentee: Employee
) -> None:
    client = client_for(stranger)
    response = client.get(reverse("people:employee_detail", args=[mentee.pk]))
    assert response.status_code == 404


def test_a_coordinator_of_another_organisation_does_not_find_our_people(
    stranger: Employee, mentee: Employee
) -> None:
    response = client_for(stranger).get(reverse("people:directory"), {"q": "Martin"})
    assert response.status_code == 200
    assert "Martin Senior" not in response.text


def test_a_coordinator_sees_the_directory(
    coordinator_client: Client, mentor: Employee, mentee: Employee
) -> None:
    response = coordinator_client.get(reverse("people:directory"))
    assert response.status_code == 200
    assert "Maya Junior" in response.text
    assert "Martin Senior" in response.text


def test_a_coordinator_sees_a_profile_in_their_organisation(
    coordinator_client: Client, mentee: Employee
) -> None:
    response = coordinator_client.get(reverse("people:employee_detail", args=[mentee.pk]))
    assert response.status_code == 200
    assert "Martin Senior" in response.text


def test_signed_out_visitors_are_sent_to_sign_in(
    client: Client, organization: Organization
) -> None:
    for name in ("people:directory", "people:profile_edit"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_sign_in_without_a_person_in_the_directory_is_refused(db: None) -> None:
    user = UserFactory(email="nobody@example.com")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("people:profile_edit")).status_code == 403


def test_an_inactive_coordinator_cannot_open_the_directory(
    coordinator: Employee, coordinator_client: Client
) -> None:
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    assert coordinator_client.get(reverse("people:directory")).status_code == 403


def test_sensitive_values_never_appear_on_people_pages(
    coordinator_client: Client, mentor_client: Client, mentor: Employee
) -> None:
    SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.BACKGROUND, value=SECRET, consent_matching=True
    )
    pages = [
        coordinator_client.get(reverse("people:directory")),
        coordinator_client.get(reverse("people:directory"), {"q": "Maya"}),
        coordinator_client.get(reverse("people:employee_detail", args=[mentor.pk])),
        mentor_client.get(reverse("people:employee_detail", args=[mentor.pk])),
        mentor_client.get(reverse("people:profile_edit")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert SECRET not in response.text
    # The person's own edit page says how many they shared, and nothing more.
    assert "1 attribute shared with consent" in pages[-1].text
