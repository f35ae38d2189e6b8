"""Which sign-in a single sign-on is: the one rule OIDC and SAML both follow.

What the identity provider says is matched to a person of the connection's organisation only
(by work email or employee id), so a provider can never sign anyone into another
organisation. The person's own sign-in is used; one is made only for a person who has none,
is not an admin or coordinator, and whose email no other sign-in holds (the import's rule:
no sign-in is ever linked or moved across organisations, and a privileged sign-in is never
made from outside). Platform operators (staff, superusers) never sign in this way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from remento.core.audit import audit_log
from remento.core.models import User
from remento.integrations.sso.models import MatchOn, SsoConnection
from remento.people.models import Employee

SIGN_IN_CREATED = "sso.sign_in_created"


class SsoRefusal(Exception):
    """A single sign-on that is refused; the message is shown to the person as is (it names
    nothing they could not know, and never another organisation)."""


def claim_value(claims: Mapping[str, Any], name: str) -> str:
    """The claim ``name`` as one trimmed string (SAML sends lists; the first value counts)."""
    value = claims.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return str(value).strip() if value is not None else ""


def _check_domain(connection: SsoConnection, email: str) -> None:
    domain = email.rpartition("@")[2].lower()
    if domain not in connection.domains():
        raise SsoRefusal(
            f"{email} is not an address of {connection.organization.name}: single sign-on "
            "accepts only its work email domains."
        )


def _person(connection: SsoConnection, value: str) -> Employee:
    people = Employee.objects.select_related("user", "organization").filter(
        organization_id=connection.organization_id, erased_at=None
    )
    if connection.match_on == MatchOn.EMAIL:
        person = people.filter(email__iexact=value).first()
    else:
        person = people.filter(employee_id=value).first()
    if person is None:
        raise SsoRefusal(
            f"Your company account ({value}) is not in {connection.organization.name}'s "
            "directory in Remento. Ask your HR team to add you, then sign in again."
        )
    if not person.is_active:
        raise SsoRefusal("You have left the organisation's directory, so you cannot sign in.")
    return person


@transaction.atomic
def sign_in_resolve(*, connection: SsoConnection, claims: Mapping[str, Any]) -> User:
    """The sign-in for what the provider sent (``claims``: OIDC claims or SAML attributes,
    already verified by the protocol library); ``SsoRefusal`` with a clear reason otherwise:
    the matching claim missing, an email outside the allowed domains, an unknown or departed
    person, a switched-off or operator sign-in, or a sign-in that may not be made here."""
    value = claim_value(claims, connection.match_claim)
    if not value:
        raise SsoRefusal(
            f"The identity provider did not send “{connection.match_claim}”, which says who "
            "you are. Ask your IT team to release it to Remento."
        )
    email = value if connection.match_on == MatchOn.EMAIL else ""
    email = email or claim_value(claims, connection.email_claim)
    if email:
        _check_domain(connection, email)
    person = _person(connection, value)
    user = person.user
    if user is not None:
        if user.is_staff or user.is_superuser:
            raise SsoRefusal("This sign-in belongs to a platform operator: use the password.")
        if not user.is_active:
            raise SsoRefusal("Your sign-in is switched off. Ask an admin of your organisation.")
        return user
    return _sign_in_create(connection, person)


def _sign_in_create(connection: SsoConnection, person: Employee) -> User:
    if person.is_coordinator:
        raise SsoRefusal(
            "Admins' and coordinators' sign-ins are made by an admin, never by a first "
            "single sign-on. Ask an admin of your organisation."
        )
    if User.objects.filter(email__iexact=person.email).exists():
        raise SsoRefusal("Your sign-in cannot be made here. Ask an admin of your organisation.")
    user = User.objects.create(
        email=person.email.lower(),
        password=make_password(None),
        first_name=person.first_name,
        last_name=person.last_name,
    )
    Employee.objects.filter(pk=person.pk, user=None).update(user=user)
    person.user = user
    audit_log(
        actor=None,
        organization=connection.organization,
        verb=SIGN_IN_CREATED,
        target=person,
        data={"protocol": connection.protocol, "email": user.email},
    )
    return user
