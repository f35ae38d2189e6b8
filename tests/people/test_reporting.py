"""The reporting line read in the database: one recursive query, the walk's own answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from remento.core.models import Organization
from remento.people.models import Employee
from remento.people.reporting import MAX_MANAGER_CHAIN, managers_of
from remento.people.selectors import manager_chain
from tests.factories import EmployeeFactory, OrganizationFactory


def _walk(manager_of: Mapping[int, int | None], pk: int, depth: int | None) -> tuple[int, ...]:
    """The walk as it was done in Python before (what the query must give): up from the
    person's manager, stopping at the top, at a manager outside ``manager_of`` (another
    organisation), on anyone already met, and after the depth or the cap."""
    limit = MAX_MANAGER_CHAIN if depth is None else min(depth, MAX_MANAGER_CHAIN)
    chain: list[int] = []
    seen = {pk}
    boss = manager_of[pk]
    while boss is not None and boss in manager_of and boss not in seen and len(chain) < limit:
        chain.append(boss)
        seen.add(boss)
        boss = manager_of[boss]
    return tuple(chain)


def _employee(organization: Organization, manager: Employee | None = None) -> Employee:
    return EmployeeFactory.create(organization=organization, level=5, manager=manager)


def _set_manager(employee: Employee, manager: Employee) -> None:
    # Bad HRIS data written by hand (the import refuses cycles): no validation on the way.
    Employee.objects.filter(pk=employee.pk).update(manager=manager)


def _hand_made_chart(organization: Organization) -> dict[str, Employee]:
    """A tree five levels deep, a two-person cycle with a report hanging off it, a
    three-person cycle reached from outside it, someone who is their own manager and
    someone whose manager belongs to another organisation (who has a manager there too)."""
    people: dict[str, Any] = {}
    people["ceo"] = _employee(organization)
    people["vp"] = _employee(organization, people["ceo"])
    people["vp2"] = _employee(organization, people["ceo"])
    people["lead"] = _employee(organization, people["vp"])
    people["senior"] = _employee(organization, people["lead"])
    people["junior"] = _employee(organization, people["senior"])
    people["a"] = _employee(organization)
    people["b"] = _employee(organization, people["a"])
    _set_manager(people["a"], people["b"])
    people["a_report"] = _employee(organization, people["a"])
    people["x"] = _employee(organization)
    people["y"] = _employee(organization, people["x"])
    people["z"] = _employee(organization, people["y"])
    _set_manager(people["x"], people["z"])
    people["into_loop"] = _employee(organization, people["z"])
    people["self"] = _employee(organization)
    _set_manager(people["self"], people["self"])
    other = OrganizationFactory.create(name="Other Corp", slug="other-corp")
    people["outsider"] = _employee(other, _employee(other))
    people["borrowed"] = _employee(organization, people["outsider"])
    return people


@pytest.mark.parametrize("depth", [None, 0, 1, 2, 3, 4, 10])
def test_chains_are_those_of_the_walk_at_every_depth(
    organization: Organization, depth: int | None
) -> None:
    people = _hand_made_chart(organization)
    manager_of = dict(
        Employee.objects.filter(organization=organization).values_list("pk", "manager_id")
    )

    chains = managers_of(manager_of, organization_id=organization.pk, depth=depth)

    assert chains == {pk: _walk(manager_of, pk, depth) for pk in manager_of}
    if depth is None:
        p = {name: e.pk for name, e in people.items()}
        assert chains[p["junior"]] == (p["senior"], p["lead"], p["vp"], p["ceo"])
        assert chains[p["ceo"]] == ()
        assert chains[p["a"]] == (p["b"],)
        assert chains[p["a_report"]] == (p["a"], p["b"])
        assert chains[p["into_loop"]] == (p["z"], p["y"], p["x"])
        assert chains[p["self"]] == ()


def test_a_managers_chain_ends_at_the_cap(organization: Organization) -> None:
    top = boss = _employee(organization)
    for _ in range(MAX_MANAGER_CHAIN + 5):
        boss = _employee(organization, boss)

    chain = managers_of([boss.pk], organization_id=organization.pk)[boss.pk]

    assert len(chain) == MAX_MANAGER_CHAIN
    assert top.pk not in chain


def test_another_organisations_manager_is_never_listed_nor_followed(
    organization: Organization,
) -> None:
    people = _hand_made_chart(organization)
    borrowed = people["borrowed"]

    chains = managers_of(
        [borrowed.pk, people["outsider"].pk], organization_id=organization.pk, depth=None
    )

    assert chains == {borrowed.pk: (), people["outsider"].pk: ()}


def test_people_asked_about_are_keys_even_without_a_manager(organization: Organization) -> None:
    ceo = _employee(organization)

    assert managers_of([ceo.pk], organization_id=organization.pk) == {ceo.pk: ()}
    assert managers_of([], organization_id=organization.pk) == {}


def _deep_organisation(organization: Organization, size: int) -> list[Employee]:
    """``size`` people in a chain ten levels deep, the rest reporting to its bottom."""
    people = [_employee(organization)]
    for _ in range(9):
        people.append(_employee(organization, people[-1]))
    while len(people) < size:
        people.append(_employee(organization, people[9]))
    return people


@pytest.mark.parametrize("size", [12, 150])
def test_one_query_per_check_whatever_the_size(
    organization: Organization, size: int, django_assert_num_queries: Any
) -> None:
    people = _deep_organisation(organization, size)
    last = people[-1]

    with django_assert_num_queries(1):
        one = managers_of([last.pk, people[0].pk], organization_id=organization.pk)
    with django_assert_num_queries(1):
        cohort = managers_of([p.pk for p in people], organization_id=organization.pk, depth=3)

    assert one[last.pk] == tuple(p.pk for p in reversed(people[:10]))
    assert cohort[last.pk] == tuple(p.pk for p in reversed(people[7:10]))
    assert len(cohort) == size


@pytest.mark.parametrize("size", [12, 150])
def test_a_profiles_manager_chain_costs_two_queries_whatever_the_depth(
    organization: Organization, size: int, django_assert_num_queries: Any
) -> None:
    people = _deep_organisation(organization, size)
    newcomer = _employee(organization, people[-1])

    with django_assert_num_queries(2):
        chain = manager_chain(employee=newcomer)

    assert [m.pk for m in chain] == [people[-1].pk, *(p.pk for p in reversed(people[:10]))]
