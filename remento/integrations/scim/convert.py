"""Between a person of the directory and their SCIM User, and a ``ScimGroup`` and its Group.

Reading a User that a client sent checks it the way the HRIS import checks a row: required
attributes, lengths, characters (``remento.core.hygiene``), an email of the organisation's
domains, a level of its ladder. Each problem is an ``InvalidValueException`` that names the
attribute, as SCIM's error body carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scim2_models import InvalidValueException, Meta

from remento.core.hygiene import UnsafeText, clean_text
from remento.core.models import Organization
from remento.integrations.scim.models import ScimGroup, ScimUser
from remento.integrations.scim.resources import (
    EnterpriseUser,
    GroupMember,
    GroupResource,
    Manager,
    RementoUser,
    UserName,
    UserResource,
    WorkEmail,
)

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
REMENTO = "urn:ietf:params:scim:schemas:extension:remento:2.0:User"
# The longest value of each attribute: the directory's own limits.
MAX_LENGTHS = {
    "userName": 255,
    "externalId": 255,
    "name.givenName": 100,
    "name.familyName": 100,
    "nickName": 100,
    "title": 200,
    f"{ENTERPRISE}:employeeNumber": 64,
    f"{ENTERPRISE}:department": 200,
    "displayName": 255,
}


@dataclass(frozen=True)
class UserData:
    """A User as the directory keeps it, checked."""

    user_name: str
    external_id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    title: str
    active: bool
    employee_id: str
    department: str
    manager_id: str  # the manager's SCIM id, or ""
    level: int


def _text(attribute: str, value: str | None, *, required: bool = False) -> str:
    try:
        text = clean_text(value or "").strip()
    except UnsafeText as error:
        raise InvalidValueException(detail=f"{attribute}: {error}") from None
    if required and not text:
        raise InvalidValueException(detail=f"{attribute}: required, but empty")
    limit = MAX_LENGTHS.get(attribute)
    if limit and len(text) > limit:
        raise InvalidValueException(
            detail=f"{attribute}: longer than {limit} characters ({len(text)})"
        )
    return text


def _work_email(emails: list[WorkEmail] | None, organization: Organization) -> str:
    """The work address (else the first), of the organisation's domains."""
    emails = [email for email in emails or [] if email.value]
    if not emails:
        raise InvalidValueException(detail="emails: a work email is required")
    chosen = next((e for e in emails if (e.type or "").lower() == "work"), emails[0])
    email = str(chosen.value).strip().lower()
    if not organization.email_domain_allowed(email):
        domains = ", ".join(organization.email_domains) or "none declared yet"
        raise InvalidValueException(
            detail=(
                f"emails: {email} is not an address of {organization.name}'s email domains "
                f"({domains})"
            )
        )
    return email


def level_from(raw: str | None, organization: Organization) -> int:
    """A level number from 1, or a level name of the organisation's ladder (any case)."""
    text = (raw or "").strip()
    names = {name.strip().casefold(): i + 1 for i, name in enumerate(organization.level_names)}
    if text.isascii() and text.isdigit() and 1 <= int(text) <= organization.max_level:
        return int(text)
    if text.casefold() in names:
        return names[text.casefold()]
    examples = ", ".join(organization.level_names[:3])
    raise InvalidValueException(
        detail=(
            f"{REMENTO}:level: unknown level “{text}”; expected a number from 1 to "
            f"{organization.max_level} or a level name ({examples}, …)"
        )
    )


def user_data(resource: Any, organization: Organization) -> UserData:
    """The directory's values of the User ``resource`` a client sent, checked."""
    enterprise = resource[EnterpriseUser] or EnterpriseUser()
    remento = resource[RementoUser] or RementoUser(level=None)
    name = resource.name or UserName()
    manager = enterprise.manager.value if enterprise.manager else ""
    return UserData(
        user_name=_text("userName", resource.user_name, required=True),
        external_id=_text("externalId", resource.external_id),
        first_name=_text("name.givenName", name.given_name, required=True),
        last_name=_text("name.familyName", name.family_name, required=True),
        preferred_name=_text("nickName", resource.nick_name),
        email=_work_email(resource.emails, organization),
        title=_text("title", resource.title),
        active=bool(resource.active) if resource.active is not None else True,
        employee_id=_text(
            f"{ENTERPRISE}:employeeNumber", enterprise.employee_number, required=True
        ),
        department=_text(f"{ENTERPRISE}:department", enterprise.department),
        manager_id=(manager or "").strip(),
        level=level_from(remento.level, organization),
    )


def user_resource(mapping: ScimUser, *, location: str) -> Any:
    """The SCIM User of ``mapping``'s person (``location``: its URL, "{id}" left to fill)."""
    person = mapping.employee
    manager = getattr(person.manager, "scim_user", None) if person.manager_id else None
    scim_id = str(mapping.scim_id)
    return UserResource(
        id=scim_id,
        external_id=mapping.external_id or None,
        user_name=mapping.user_name,
        name=UserName(given_name=person.first_name, family_name=person.last_name),
        nick_name=person.preferred_name or None,
        title=person.title or None,
        active=person.is_active,
        emails=[WorkEmail(value=person.email, type="work")],
        meta=Meta(
            resource_type="User",
            created=mapping.created_at,
            last_modified=max(mapping.updated_at, person.updated_at),
            location=location.format(id=scim_id),
        ),
        **{
            "EnterpriseUser": EnterpriseUser(
                employee_number=person.employee_id,
                department=person.department.name if person.department is not None else None,
                manager=(
                    Manager(
                        value=str(manager.scim_id),
                        ref=location.format(id=manager.scim_id),  # type: ignore[arg-type]
                    )
                    if manager is not None
                    else None
                ),
            ),
            "RementoUser": RementoUser(level=str(person.level)),
        },
    )


def group_resource(group: ScimGroup, *, location: str, user_location: str) -> Any:
    """The SCIM Group of ``group`` (members prefetched as ``members``)."""
    scim_id = str(group.scim_id)
    members = [
        GroupMember(
            value=str(member.scim_id),
            ref=user_location.format(id=member.scim_id),  # type: ignore[arg-type]
        )
        for member in group.members.all()
    ]
    return GroupResource(
        id=scim_id,
        external_id=group.external_id or None,
        display_name=group.display_name,
        members=members or None,
        meta=Meta(
            resource_type="Group",
            created=group.created_at,
            last_modified=group.updated_at,
            location=location.format(id=scim_id),
        ),
    )
