"""The one identity rule (identity.sign_in_resolve), whatever the protocol: within the
connection's organisation only, its domains only, never a privileged or operator sign-in."""

from __future__ import annotations

import pytest

from remento.core.models import Organization, User
from remento.integrations.sso.identity import SsoRefusal, sign_in_resolve
from remento.integrations.sso.models import MatchOn, Protocol, SsoConnection
from remento.people.models import Employee, Role
from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture
def connection(organization: Organization) -> SsoConnection:
    return SsoConnection.objects.create(
        organization=organization, protocol=Protocol.OIDC, enabled=True
    )


def test_a_person_of_the_organisation_signs_in_to_their_own_sign_in(
    connection: SsoConnection, mentee: Employee
) -> None:
    assert sign_in_resolve(connection=connection, claims={"email": "MARTIN@acme.example"}) == (
        mentee.user
    )


def test_a_person_of_another_organisation_is_never_signed_in(
    connection: SsoConnection, stranger: Employee
) -> None:
    with pytest.raises(SsoRefusal, match="work email domains"):
        sign_in_resolve(connection=connection, claims={"email": stranger.email})


def test_another_organisations_employee_id_matches_nobody_here(
    connection: SsoConnection, stranger: Employee
) -> None:
    connection.match_on, connection.match_claim = MatchOn.EMPLOYEE_ID, "employee_id"

    with pytest.raises(SsoRefusal, match="not in Acme Retail's directory"):
        sign_in_resolve(connection=connection, claims={"employee_id": stranger.employee_id})


def test_an_address_at_the_organisations_domain_in_another_organisations_directory_is_refused(
    connection: SsoConnection, stranger: Employee
) -> None:
    # Someone of the other organisation listed under our domain still matches nobody here.
    stranger.email = "sam@acme.example"
    stranger.save()

    with pytest.raises(SsoRefusal, match="not in Acme Retail's directory"):
        sign_in_resolve(connection=connection, claims={"email": "sam@acme.example"})


def test_an_email_outside_the_allowed_domains_is_refused(
    connection: SsoConnection, organization: Organization, mentee: Employee
) -> None:
    organization.email_domains = ["acme.example", "labs.acme.example"]
    organization.save()
    connection.allowed_domains = ["labs.acme.example"]

    with pytest.raises(SsoRefusal, match="accepts only its work email domains"):
        sign_in_resolve(connection=connection, claims={"email": mentee.email})


def test_an_employee_id_match_still_checks_the_email_domain(
    connection: SsoConnection, mentee: Employee
) -> None:
    connection.match_on, connection.match_claim = MatchOn.EMPLOYEE_ID, "employee_id"
    claims = {"employee_id": mentee.employee_id, "email": "martin@elsewhere.example"}

    with pytest.raises(SsoRefusal, match="work email domains"):
        sign_in_resolve(connection=connection, claims=claims)


def test_an_unknown_person_is_refused(connection: SsoConnection) -> None:
    with pytest.raises(SsoRefusal, match="Ask your HR team"):
        sign_in_resolve(connection=connection, claims={"email": "nobody@acme.example"})


def test_a_missing_claim_is_refused_naming_it(connection: SsoConnection) -> None:
    with pytest.raises(SsoRefusal, match="did not send “email”"):
        sign_in_resolve(connection=connection, claims={"sub": "123"})


def test_a_participant_without_a_sign_in_gets_one(
    connection: SsoConnection, organization: Organization
) -> None:
    person = EmployeeFactory.create(organization=organization, email="nia@acme.example")

    user = sign_in_resolve(connection=connection, claims={"email": "nia@acme.example"})

    person.refresh_from_db()
    assert person.user == user
    assert not user.has_usable_password()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR])
def test_a_privileged_person_is_never_given_a_sign_in(
    connection: SsoConnection, organization: Organization, role: str
) -> None:
    EmployeeFactory.create(organization=organization, email="boss@acme.example", role=role)

    with pytest.raises(SsoRefusal, match="made by an admin"):
        sign_in_resolve(connection=connection, claims={"email": "boss@acme.example"})
    assert not User.objects.filter(email="boss@acme.example").exists()


def test_a_sign_in_of_the_same_email_elsewhere_is_never_linked(
    connection: SsoConnection, organization: Organization
) -> None:
    UserFactory(email="nia@acme.example")  # someone else's, e.g. made by an operator
    person = EmployeeFactory.create(organization=organization, email="nia@acme.example")

    with pytest.raises(SsoRefusal, match="cannot be made here"):
        sign_in_resolve(connection=connection, claims={"email": "nia@acme.example"})
    person.refresh_from_db()
    assert person.user is None


def test_a_platform_operators_sign_in_is_refused(
    connection: SsoConnection, mentee: Employee
) -> None:
    User.objects.filter(employee=mentee).update(is_staff=True)

    with pytest.raises(SsoRefusal, match="platform operator"):
        sign_in_resolve(connection=connection, claims={"email": mentee.email})


def test_a_person_who_left_is_refused(connection: SsoConnection, mentee: Employee) -> None:
    Employee.objects.filter(pk=mentee.pk).update(is_active=False)

    with pytest.raises(SsoRefusal, match="left the organisation"):
        sign_in_resolve(connection=connection, claims={"email": mentee.email})


def test_a_switched_off_sign_in_is_refused(connection: SsoConnection, mentee: Employee) -> None:
    User.objects.filter(employee=mentee).update(is_active=False)

    with pytest.raises(SsoRefusal, match="switched off"):
        sign_in_resolve(connection=connection, claims={"email": mentee.email})
