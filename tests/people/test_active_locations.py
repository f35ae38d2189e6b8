"""The distinct places of an organisation's active people (``people.locations``), read one
index step per place instead of one row per person."""

from __future__ import annotations

from typing import Any

from remento.core.models import Organization
from remento.people.locations import active_locations
from tests.factories import EmployeeFactory, OrganizationFactory


def test_each_place_of_the_active_people_once_sorted_without_blanks(
    organization: Organization,
) -> None:
    for place in ("Porto", "Lisbon", "Porto", "", "Lisbon", "Berlin"):
        EmployeeFactory.create(organization=organization, location=place)

    assert active_locations(organization_id=organization.pk) == ["Berlin", "Lisbon", "Porto"]


def test_places_of_leavers_and_of_other_organisations_are_left_out(
    organization: Organization,
) -> None:
    EmployeeFactory.create(organization=organization, location="Lisbon")
    EmployeeFactory.create(organization=organization, location="Oslo", is_active=False)
    EmployeeFactory.create(organization=OrganizationFactory.create(), location="Madrid")

    assert active_locations(organization_id=organization.pk) == ["Lisbon"]


def test_an_organisation_without_places_has_none(organization: Organization) -> None:
    EmployeeFactory.create(organization=organization, location="")

    assert active_locations(organization_id=organization.pk) == []


def test_one_query_whatever_the_number_of_people_and_places(
    organization: Organization, django_assert_num_queries: Any
) -> None:
    for index in range(40):
        EmployeeFactory.create(organization=organization, location=f"Place {index % 7}")

    with django_assert_num_queries(1):
        places = active_locations(organization_id=organization.pk)

    assert places == [f"Place {index}" for index in range(7)]
