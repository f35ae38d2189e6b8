"""Pages that show a few people of a large organisation (its admins and coordinators, its
places, its paused sign-ins) take as many queries for 3N participants as for N (see
tests/queries.py), and show the same few."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.queries import queries_do_not_grow
from tests.relationships.builders import make_pair, make_program

_ids = count()
PEOPLE_PER_STEP = 15


def _grow_participants(organization: Organization) -> Callable[[int], None]:
    """Participants spread over a few places, some of whom have left."""

    def grow(steps: int) -> None:
        for _ in range(steps * PEOPLE_PER_STEP):
            number = next(_ids)
            EmployeeFactory.create(
                organization=organization,
                role=Role.PARTICIPANT,
                last_name=f"Many{number:05d}",
                location=f"Place {number % 3}",
                is_active=number % 5 != 0,
            )

    return grow


def _context(response: object) -> Any:
    return getattr(response, "context")  # noqa: B009 (set by the test client, not typed)


def test_the_roles_page_lists_the_admins_and_coordinators_only(
    organization: Organization,
    admin: Employee,
    coordinator: Employee,
    django_assert_num_queries: Any,
) -> None:
    response = queries_do_not_grow(
        client_for(admin),
        reverse("people:role_list"),
        _grow_participants(organization),
        django_assert_num_queries,
    )
    assert [person.pk for person in _context(response)["page"].rows] == [admin.pk, coordinator.pk]


def test_the_sso_settings_offer_the_admins_as_break_glass(
    organization: Organization, admin: Employee, django_assert_num_queries: Any
) -> None:
    response = queries_do_not_grow(
        client_for(admin),
        reverse("sso:settings"),
        _grow_participants(organization),
        django_assert_num_queries,
    )
    choices = _context(response)["form"].fields["break_glass"].queryset
    assert list(choices) == [admin]


def test_the_program_page_names_its_coordinator(
    organization: Organization,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
    django_assert_num_queries: Any,
) -> None:
    program = make_program(organization, created_by=coordinator.user)
    make_pair(program, mentor, mentee)
    response = queries_do_not_grow(
        client_for(mentee),
        reverse("programs:about", args=[program.pk]),
        _grow_participants(organization),
        django_assert_num_queries,
    )
    assert _context(response)["about"].coordinators == [coordinator]


def test_the_invitation_form_offers_each_place_once(
    organization: Organization, coordinator_client: Client, django_assert_num_queries: Any
) -> None:
    program = make_program(organization)
    response = queries_do_not_grow(
        coordinator_client,
        reverse("enrollment:invite_many", args=[program.pk]),
        _grow_participants(organization),
        django_assert_num_queries,
    )
    choices = _context(response)["form"].fields["location"].choices
    assert [value for value, _ in choices] == ["", "Place 0", "Place 1", "Place 2"]


def test_the_audit_page_lists_the_paused_sign_ins(
    organization: Organization,
    admin: Employee,
    mentor: Employee,
    django_assert_num_queries: Any,
) -> None:
    login = reverse("login")
    stranger = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):  # AXES_FAILURE_LIMIT
        stranger.post(login, {"username": mentor.email, "password": "not-the-password"})
    response = queries_do_not_grow(
        client_for(admin),
        reverse("people:audit_list"),
        _grow_participants(organization),
        django_assert_num_queries,
    )
    assert _context(response)["locked"] == [mentor]
