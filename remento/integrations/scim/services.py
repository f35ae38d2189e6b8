"""Provisioning people over SCIM: a User is a person of the token's organisation, written under
the HRIS import's rules (``remento.people.provisioning``).

Every write acts for the organisation of the SCIM token, with the rights of the admin who made
it (``token_authenticate`` refuses a token whose maker is no longer an admin), and is audited
with the token named. Roles are never set over SCIM, and the sign-in of an admin, a
coordinator or a platform operator is never changed by it: such a change (a new email, leaving,
coming back) is refused with 403 and made in Remento instead, where an admin confirms it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from scim2_models import ForbiddenException, InvalidValueException, UniquenessException

from remento.core.audit import audit_log
from remento.integrations.scim.convert import UserData, user_data
from remento.integrations.scim.models import ScimGroup, ScimUser
from remento.integrations.tokens.models import AccessToken
from remento.people.access import admin_of
from remento.people.models import Employee
from remento.people.provisioning import (
    SIGN_IN_REFUSED,
    department_find_or_create,
    is_privileged,
    level_change_note,
    person_leave,
    person_return,
    sign_in_follow_email,
    sign_in_for_joiner,
)
from remento.people.skill_totals import skill_totals_refresh_soon
from remento.people.sort_names import sort_names_refresh

DIRECTORY_FIELDS = ("first_name", "last_name", "preferred_name", "email", "title", "level")


def token_named(token: AccessToken) -> dict[str, str]:
    """How the audit trail names the token a change came through (never its secret)."""
    return {"token": token.name, "token_prefix": token.prefix}


def _check_token(token: AccessToken) -> None:
    """The token acts with its maker's rights: provisioning needs an admin of its
    organisation (``token_authenticate`` checked it too; a service does not rely on that)."""
    admin_of(
        token.created_by,
        token.organization_id,
        refusal="The maker of this SCIM token is no longer an admin of the organisation.",
    )


def _user_name_key(user_name: str) -> str:
    return user_name.casefold()


def _check_unique(token: AccessToken, data: UserData, mapping: ScimUser | None) -> Employee | None:
    """The person already in the directory with ``data``'s employee id (whom a new User
    takes over), after refusing a userName, employee id or email that is someone else's."""
    users = ScimUser.objects.filter(organization_id=token.organization_id)
    if mapping is not None:
        users = users.exclude(pk=mapping.pk)
    if users.filter(user_name_key=_user_name_key(data.user_name)).exists():
        raise UniquenessException(detail=f"userName: {data.user_name} is already provisioned")
    people = Employee.objects.filter(organization_id=token.organization_id)
    if mapping is not None:
        people = people.exclude(pk=mapping.employee_id)
    same_id = people.filter(employee_id=data.employee_id).select_related("user").first()
    if same_id is not None and (mapping is not None or hasattr(same_id, "scim_user")):
        raise UniquenessException(
            detail=f"employeeNumber: {data.employee_id} is another provisioned person's"
        )
    others = people.exclude(pk=same_id.pk) if same_id is not None else people
    if others.filter(email__iexact=data.email).exists():
        raise UniquenessException(detail=f"emails: {data.email} is another person's work email")
    return same_id


def _manager(token: AccessToken, data: UserData, person: Employee | None) -> Employee | None:
    """The manager ``data`` names (by SCIM id), within the organisation, with no loop."""
    if not data.manager_id:
        return None
    mapping = (
        ScimUser.objects.filter(organization_id=token.organization_id, scim_id=data.manager_id)
        .select_related("employee")
        .first()
        if _is_uuid(data.manager_id)
        else None
    )
    attribute = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
    if mapping is None:
        raise InvalidValueException(detail=f"{attribute}: no User has the id {data.manager_id}")
    manager: Employee | None = mapping.employee
    seen: set[int] = set()
    while person is not None and manager is not None and manager.pk not in seen:
        if manager.pk == person.pk:
            raise InvalidValueException(
                detail=f"{attribute}: this manager is managed by the person (a loop)"
            )
        seen.add(manager.pk)
        manager = manager.manager
    return mapping.employee


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _refuse_privileged(person: Employee, data: UserData) -> None:
    if is_privileged(person) and (
        person.email.lower() != data.email or person.is_active != data.active
    ):
        raise ForbiddenException(
            detail=(
                f"{person.employee_id} is an admin or coordinator of Remento: SCIM does not "
                "change their sign-in (email, leaving, returning); change it in Remento."
            )
        )


def _write_person(person: Employee, data: UserData, manager: Employee | None) -> list[str]:
    """Set the directory fields of ``person`` (saved); the names of those that changed."""
    department = department_find_or_create(
        organization_id=person.organization_id, name=data.department
    )
    values: dict[str, Any] = {
        "first_name": data.first_name,
        "last_name": data.last_name,
        "preferred_name": data.preferred_name,
        "email": data.email,
        "title": data.title,
        "level": data.level,
        "employee_id": data.employee_id,
        "department_id": department.pk if department is not None else None,
        "manager_id": manager.pk if manager is not None else None,
    }
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    level_before = person.level
    for name, value in values.items():
        setattr(person, name, value)
    joined = person.pk is None
    if joined:
        person.save()
    elif changed:
        person.save(update_fields=[*changed, "updated_at"])
        if {"first_name", "last_name"} & set(changed):
            sort_names_refresh([person.pk])  # the lists' copies of the name
    if joined or {"level", "department_id"} & set(changed):
        skill_totals_refresh_soon(person.organization_id)  # the skill-gap pages' totals
    if level_before is not None:
        level_change_note(employee=person, level_before=level_before)
    return [name.removesuffix("_id") for name in changed]


def _sign_in_follows(token: AccessToken, person: Employee, data: UserData, was_active: bool) -> str:
    """Leave, return or move the sign-in as the import does; what happened to it."""
    now = timezone.now()
    if was_active != data.active:
        skill_totals_refresh_soon(person.organization_id)  # counted among the active or not
    if was_active and not data.active:
        person_leave(actor=token.created_by, employee=person, now=now)
        return "switched off (left)"
    if not was_active and data.active:
        outcome = person_return(employee=person, now=now)
        return SIGN_IN_REFUSED if outcome == "none" else outcome
    if data.active and person.user is None:
        outcome = sign_in_for_joiner(person)
        return SIGN_IN_REFUSED if outcome == "none" else outcome
    if not sign_in_follow_email(person):
        return "kept its old email: the new address cannot be used as a sign-in"
    return ""


@transaction.atomic
def scim_user_create(*, token: AccessToken, resource: Any) -> ScimUser:
    """Provision the User ``resource`` as a person of the token's organisation: a joiner (with
    a sign-in under the import's rules), or the person the directory already has with that
    employee id (from an HRIS file), who is taken over. ``InvalidValueException`` naming the
    attribute, ``UniquenessException`` (409) for a userName, employee id or email that is
    someone else's."""
    _check_token(token)
    organization = token.organization
    data = user_data(resource, organization)
    existing = _check_unique(token, data, None)
    manager = _manager(token, data, existing)
    if existing is not None:
        _refuse_privileged(existing, data)
        was_active = existing.is_active
        changed = _write_person(existing, data, manager)
        person = existing
    else:
        person = Employee(organization=organization, level=data.level, is_active=data.active)
        person.left_at = None if data.active else timezone.now()
        was_active = data.active
        changed = _write_person(person, data, manager)
    mapping = ScimUser.objects.create(
        organization=organization,
        employee=person,
        user_name=data.user_name,
        user_name_key=_user_name_key(data.user_name),
        external_id=data.external_id,
    )
    sign_in = _sign_in_follows(token, person, data, was_active)
    audit_log(
        actor=token.created_by,
        organization=organization,
        verb="scim.user_created",
        target=person,
        data={
            **token_named(token),
            "scim_id": str(mapping.scim_id),
            "taken_over": existing is not None,
            "changed": changed if existing is not None else [],
            "sign_in": sign_in or "created",
        },
    )
    return mapping


@transaction.atomic
def scim_user_update(*, token: AccessToken, mapping: ScimUser, resource: Any) -> ScimUser:
    """Write the whole User ``resource`` (a PUT, or a PATCH already applied to the current
    User) to ``mapping``'s person: ``active`` false is the HRIS sync's leaver path, true
    brings a leaver back. Checked as ``scim_user_create`` checks; audited."""
    _check_token(token)
    mapping = ScimUser.objects.select_for_update().get(
        pk=mapping.pk, organization=token.organization
    )
    person = Employee.objects.select_related("organization", "user").get(pk=mapping.employee_id)
    data = user_data(resource, token.organization)
    _check_unique(token, data, mapping)
    _refuse_privileged(person, data)
    manager = _manager(token, data, person)
    was_active = person.is_active
    changed = _write_person(person, data, manager)
    mapping.user_name = data.user_name
    mapping.user_name_key = _user_name_key(data.user_name)
    mapping.external_id = data.external_id
    mapping.save(update_fields=["user_name", "user_name_key", "external_id", "updated_at"])
    sign_in = _sign_in_follows(token, person, data, was_active)
    verb = "scim.user_updated"
    if was_active != data.active:
        verb = "scim.user_deactivated" if not data.active else "scim.user_reactivated"
    audit_log(
        actor=token.created_by,
        organization=token.organization,
        verb=verb,
        target=person,
        data={**token_named(token), "scim_id": str(mapping.scim_id), "changed": changed}
        | ({"sign_in": sign_in} if sign_in else {}),
    )
    return mapping


@transaction.atomic
def scim_user_delete(*, token: AccessToken, mapping: ScimUser) -> None:
    """Deprovision ``mapping``'s person: they leave as with the HRIS full sync (sign-in
    switched off, pairs and enrolments ended, kept for the retention period), and the SCIM
    User is gone (its id answers 404). Refused (403) for an admin or coordinator."""
    _check_token(token)
    mapping = ScimUser.objects.select_for_update().get(
        pk=mapping.pk, organization=token.organization
    )
    person = Employee.objects.select_related("organization", "user").get(pk=mapping.employee_id)
    if person.is_active:
        if is_privileged(person):
            raise ForbiddenException(
                detail=(
                    f"{person.employee_id} is an admin or coordinator of Remento: SCIM does "
                    "not remove them; change their role in Remento first."
                )
            )
        person_leave(actor=token.created_by, employee=person, now=timezone.now())
    scim_id = str(mapping.scim_id)
    mapping.delete()
    audit_log(
        actor=token.created_by,
        organization=token.organization,
        verb="scim.user_deleted",
        target=person,
        data={**token_named(token), "scim_id": scim_id},
    )


def _group_values(token: AccessToken, resource: Any, group: ScimGroup | None) -> dict[str, Any]:
    """The checked name, external id and members (``ScimUser`` rows) of a Group."""
    display_name = _group_text("displayName", resource.display_name, required=True)
    taken = ScimGroup.objects.filter(
        organization_id=token.organization_id, display_name__iexact=display_name
    )
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise UniquenessException(detail=f"displayName: a group is already named {display_name}")
    wanted = {str(member.value) for member in resource.members or [] if member.value}
    found = list(
        ScimUser.objects.filter(
            organization_id=token.organization_id,
            scim_id__in=[value for value in wanted if _is_uuid(value)],
        )
    )
    missing = sorted(wanted - {str(member.scim_id) for member in found})
    if missing:
        raise InvalidValueException(detail=f"members: no User has the id {missing[0]}")
    return {
        "display_name": display_name,
        "external_id": _group_text("externalId", resource.external_id),
        "members": found,
    }


def _group_text(attribute: str, value: str | None, *, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise InvalidValueException(detail=f"{attribute}: required, but empty")
    if len(text) > 255:
        raise InvalidValueException(detail=f"{attribute}: longer than 255 characters")
    return text


@transaction.atomic
def scim_group_create(*, token: AccessToken, resource: Any) -> ScimGroup:
    """A group of the identity provider, with provisioned people of the organisation as its
    members (a member of another organisation is no User here: 400). Audited."""
    _check_token(token)
    values = _group_values(token, resource, None)
    group = ScimGroup.objects.create(
        organization=token.organization,
        display_name=values["display_name"],
        external_id=values["external_id"],
    )
    group.members.set(values["members"])
    audit_log(
        actor=token.created_by,
        organization=token.organization,
        verb="scim.group_created",
        target=group,
        data={**token_named(token), "name": group.display_name, "members": len(values["members"])},
    )
    return group


@transaction.atomic
def scim_group_update(*, token: AccessToken, group: ScimGroup, resource: Any) -> ScimGroup:
    """Write the whole Group ``resource`` (a PUT, or a PATCH applied to the current Group)."""
    _check_token(token)
    group = ScimGroup.objects.select_for_update().get(pk=group.pk, organization=token.organization)
    values = _group_values(token, resource, group)
    before = set(group.members.values_list("pk", flat=True))
    group.display_name, group.external_id = values["display_name"], values["external_id"]
    group.save(update_fields=["display_name", "external_id", "updated_at"])
    group.members.set(values["members"])
    after = {member.pk for member in values["members"]}
    audit_log(
        actor=token.created_by,
        organization=token.organization,
        verb="scim.group_updated",
        target=group,
        data={
            **token_named(token),
            "name": group.display_name,
            "members_added": len(after - before),
            "members_removed": len(before - after),
        },
    )
    return group


@transaction.atomic
def scim_group_delete(*, token: AccessToken, group: ScimGroup) -> None:
    """Remove a group; its members stay in the directory (a group is not a person)."""
    _check_token(token)
    audit_log(
        actor=token.created_by,
        organization=token.organization,
        verb="scim.group_deleted",
        target=group,
        data={**token_named(token), "name": group.display_name},
    )
    group.delete()


def scim_user_forget(sender: Any, *, employee: Employee, **kwargs: Any) -> None:
    """``person_erasing``'s receiver: an erased person keeps no SCIM User, whose userName and
    externalId (often their email) would outlive the erasure; their group memberships go
    with it. Runs inside the erasure's transaction."""
    ScimUser.objects.filter(employee_id=employee.pk).delete()
