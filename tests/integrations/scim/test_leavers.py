"""Deactivation and deletion follow the HRIS full sync's leaver path; reactivation its return;
sign-ins follow the import's rules and never touch privileged or foreign sign-ins."""

from __future__ import annotations

from remento.core.models import Organization, User
from remento.integrations.scim.models import ScimUser
from remento.people.models import Employee, Role
from remento.people.services.personal_data import person_erase
from remento.relationships.models import Pair, PairStatus
from tests.factories import (
    EmployeeFactory,
    OrganizationFactory,
    UserFactory,
    make_pair,
    make_program,
    user_of,
)
from tests.integrations.scim.conftest import Scim, user_payload


def _paired_user(scim: Scim, mentee: Employee) -> tuple[str, Pair]:
    user = scim.post("/Users", user_payload(level="2")).body["id"]
    grace = Employee.objects.get(employee_id="E900")
    pair = make_pair(make_program(mentee.organization), grace, mentee)
    return user, pair


def test_active_false_ends_pairs_and_switches_the_sign_in_off(scim: Scim, mentee: Employee) -> None:
    user, pair = _paired_user(scim, mentee)

    scim.patch(f"/Users/{user}", {"op": "replace", "path": "active", "value": False})

    pair.refresh_from_db()
    grace = Employee.objects.select_related("user").get(employee_id="E900")
    assert pair.status == PairStatus.CLOSED
    assert grace.is_active is False
    assert grace.left_at is not None
    assert grace.user.is_active is False


def test_delete_is_the_leaver_path_and_the_id_answers_404(scim: Scim, mentee: Employee) -> None:
    user, pair = _paired_user(scim, mentee)

    answer = scim.delete(f"/Users/{user}")

    assert answer.status == 204
    pair.refresh_from_db()
    assert pair.status == PairStatus.CLOSED
    grace = Employee.objects.select_related("user").get(employee_id="E900")
    assert grace.is_active is False
    assert grace.user.is_active is False
    assert scim.get(f"/Users/{user}").status == 404


def test_active_true_brings_a_leaver_back_as_the_import_does(scim: Scim) -> None:
    user = scim.post("/Users", user_payload()).body["id"]
    scim.patch(f"/Users/{user}", {"op": "replace", "path": "active", "value": False})

    scim.patch(f"/Users/{user}", {"op": "replace", "path": "active", "value": True})

    grace = Employee.objects.select_related("user").get(employee_id="E900")
    assert grace.is_active is True
    assert grace.left_at is None
    assert grace.user.is_active is True


def test_a_deprovisioned_person_provisioned_again_comes_back(scim: Scim) -> None:
    user = scim.post("/Users", user_payload()).body["id"]
    scim.delete(f"/Users/{user}")

    again = scim.post("/Users", user_payload())

    assert again.status == 201
    assert again.body["id"] != user
    grace = Employee.objects.select_related("user").get(employee_id="E900")
    assert grace.is_active
    assert grace.user.is_active


def test_an_admins_sign_in_is_never_switched_off_over_scim(
    scim: Scim, coordinator: Employee
) -> None:
    taken_over = scim.post(
        "/Users", user_payload(coordinator.employee_id, coordinator.email, level="6")
    ).body["id"]

    leave = scim.patch(
        f"/Users/{taken_over}", {"op": "replace", "path": "active", "value": "False"}
    )
    delete = scim.delete(f"/Users/{taken_over}")

    assert leave.status == 403
    assert "admin or coordinator" in leave.body["detail"]
    assert delete.status == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert coordinator.user.is_active
    assert coordinator.role == Role.COORDINATOR


def test_scim_never_sets_a_role(scim: Scim) -> None:
    payload = user_payload()
    payload["roles"] = [{"value": "admin", "primary": True}]

    scim.post("/Users", payload)

    assert Employee.objects.get(employee_id="E900").role == Role.PARTICIPANT


def test_a_sign_in_of_another_organisation_is_never_linked(
    scim: Scim, organization: Organization
) -> None:
    # The same address signs in elsewhere (a mistake of the operator): Acme gets no link to it.
    other = OrganizationFactory(slug="elsewhere")
    elsewhere = EmployeeFactory(organization=other, email="grace@acme.example")
    elsewhere.user = UserFactory(email="grace@acme.example")
    elsewhere.save(update_fields=["user"])

    answer = scim.post("/Users", user_payload())

    assert answer.status == 201
    grace = Employee.objects.get(organization=organization, employee_id="E900")
    assert grace.user is None
    assert User.objects.get(email="grace@acme.example").employee == elsewhere


def test_a_platform_operators_sign_in_is_never_linked(scim: Scim) -> None:
    UserFactory(email="grace@acme.example", is_staff=True)

    scim.post("/Users", user_payload())

    assert Employee.objects.get(employee_id="E900").user is None


def test_an_orphan_sign_in_with_the_email_is_taken_over(scim: Scim) -> None:
    orphan = UserFactory(email="grace@acme.example")

    scim.post("/Users", user_payload())

    assert Employee.objects.get(employee_id="E900").user == orphan


def test_erasing_a_leaver_forgets_their_scim_user(scim: Scim, admin: Employee) -> None:
    user = scim.post("/Users", user_payload(externalId="grace.hopper")).body["id"]
    scim.patch(f"/Users/{user}", {"op": "replace", "path": "active", "value": False})

    person_erase(actor=user_of(admin), employee=Employee.objects.get(employee_id="E900"))

    assert not ScimUser.objects.exists()
    assert scim.get(f"/Users/{user}").status == 404
    assert scim.get("/Users", filter='externalId eq "grace.hopper"').body["totalResults"] == 0
