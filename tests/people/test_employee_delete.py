"""Deleting a person never cascades into the partner's pairs nor leaves a claimable sign-in."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.db.models import RestrictedError
from django.test import Client, RequestFactory
from django.urls import reverse

from remento.core.models import Organization, User
from remento.people.models import Employee
from remento.relationships.models import Pair
from tests.relationships.builders import make_pair, make_program


@pytest.fixture
def superuser_client(db: None) -> Client:
    User.objects.create_superuser("root@platform.example", "pw-root-123")
    client = Client()
    client.login(username="root@platform.example", password="pw-root-123")
    return client


def test_the_django_admin_offers_no_delete_for_employees(
    superuser_client: Client, mentor: Employee
) -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.get(email="root@platform.example")
    assert not site._registry[Employee].has_delete_permission(request, mentor)

    delete = superuser_client.post(
        reverse("admin:people_employee_delete", args=[mentor.pk]), {"post": "yes"}
    )
    change = superuser_client.get(reverse("admin:people_employee_change", args=[mentor.pk]))

    assert delete.status_code == 403
    assert Employee.objects.filter(pk=mentor.pk).exists()
    assert "Erase this person" in change.content.decode()


def test_deleting_a_person_with_pairs_is_refused_and_the_pair_stays(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)

    with pytest.raises(RestrictedError):
        mentor.delete()

    assert Pair.objects.filter(pk=pair.pk).exists()


def test_deleting_a_person_deletes_their_sign_in(mentor: Employee) -> None:
    email = mentor.email
    mentor.delete()
    assert not User.objects.filter(email=email).exists()


def test_deleting_a_program_still_removes_its_pairs(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization)
    make_pair(program, mentor, mentee)
    program.delete()
    assert not Pair.objects.exists()
