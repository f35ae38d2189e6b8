"""Reading SCIM Users and Groups, always within one organisation: an id of another
organisation answers exactly as an id that does not exist (404)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from scim2_models import NotFoundException

from remento.core.models import AuditEvent
from remento.integrations.scim.models import ScimGroup, ScimUser
from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.people.models import Employee

RECENT_EVENTS = 20


@dataclass(frozen=True)
class Page[T]:
    total: int
    start_index: int
    items: list[T]


def _users(organization_id: int) -> QuerySet[ScimUser]:
    return ScimUser.objects.filter(organization_id=organization_id).select_related(
        "employee__department", "employee__manager__scim_user"
    )


def _groups(organization_id: int) -> QuerySet[ScimGroup]:
    return ScimGroup.objects.filter(organization_id=organization_id).prefetch_related("members")


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def scim_user_get(*, organization_id: int, scim_id: str) -> ScimUser:
    """The User ``scim_id`` of the organisation (``NotFoundException`` otherwise)."""
    key = _uuid_or_none(scim_id)
    mapping = _users(organization_id).filter(scim_id=key).first() if key else None
    if mapping is None:
        raise NotFoundException(detail=f"No User has the id {scim_id}.")
    return mapping


def scim_group_get(*, organization_id: int, scim_id: str) -> ScimGroup:
    """The Group ``scim_id`` of the organisation (``NotFoundException`` otherwise)."""
    key = _uuid_or_none(scim_id)
    group = _groups(organization_id).filter(scim_id=key).first() if key else None
    if group is None:
        raise NotFoundException(detail=f"No Group has the id {scim_id}.")
    return group


def _page[T: models.Model](rows: QuerySet[T], *, start_index: int, count: int) -> Page[T]:
    """One page of ``rows`` (``start_index`` from 1, as SCIM counts): two queries."""
    total = rows.count()
    items = list(rows[start_index - 1 : start_index - 1 + count]) if count else []
    return Page(total=total, start_index=start_index, items=items)


def scim_users_page(
    *, organization_id: int, query: Q, start_index: int, count: int
) -> Page[ScimUser]:
    """The organisation's Users that ``query`` (a parsed filter) selects, one page of them,
    in the order they were provisioned."""
    rows = _users(organization_id).filter(query).distinct().order_by("created_at", "pk")
    return _page(rows, start_index=start_index, count=count)


def scim_groups_page(
    *, organization_id: int, query: Q, start_index: int, count: int
) -> Page[ScimGroup]:
    """The organisation's Groups that ``query`` selects, one page of them, by name."""
    rows = _groups(organization_id).filter(query).distinct().order_by("display_name", "pk")
    return _page(rows, start_index=start_index, count=count)


@dataclass(frozen=True)
class ScimOverview:
    """What the SCIM page shows an admin."""

    tokens: list[AccessToken]
    users: int
    active_users: int
    groups: Sequence[ScimGroup]  # annotated with ``member_count``
    events: list[AuditEvent]


def scim_overview(*, organization_id: int) -> ScimOverview:
    """The organisation's live SCIM tokens, how many people and which groups are
    provisioned, and the last provisioning events (newest first). Five queries."""
    tokens = list(
        AccessToken.objects.filter(
            organization_id=organization_id, kind=TokenKind.SCIM, revoked_at=None
        ).order_by("-created_at")
    )
    counts = ScimUser.objects.filter(organization_id=organization_id).aggregate(
        users=Count("pk"), active=Count("pk", filter=Q(employee__is_active=True))
    )
    groups = list(
        ScimGroup.objects.filter(organization_id=organization_id)
        .annotate(member_count=Count("members"))
        .order_by("display_name")[:50]
    )
    events = list(
        AuditEvent.objects.filter(organization_id=organization_id, verb__startswith="scim.")
        .select_related("actor")
        .order_by("-created_at", "-id")[:RECENT_EVENTS]
    )
    return ScimOverview(
        tokens=tokens,
        users=counts["users"],
        active_users=counts["active"],
        groups=groups,
        events=events,
    )


VERB_WORDS = {
    "scim.user_created": "Provisioned",
    "scim.user_updated": "Updated",
    "scim.user_deactivated": "Deactivated (left)",
    "scim.user_reactivated": "Reactivated (came back)",
    "scim.user_deleted": "Deprovisioned (left)",
    "scim.group_created": "Group created",
    "scim.group_updated": "Group changed",
    "scim.group_deleted": "Group deleted",
}


@dataclass(frozen=True)
class ScimEventLine:
    at: Any
    words: str
    subject: str  # the person's name, or the group's
    token: str


def scim_event_lines(overview: ScimOverview) -> list[ScimEventLine]:
    """The overview's events in words, with the person each is about: one query."""
    person_pks = [
        int(event.target_id)
        for event in overview.events
        if event.target_type == "people.employee" and event.target_id.isdigit()
    ]
    names = {
        str(person.pk): person.display_name
        for person in Employee.objects.filter(pk__in=person_pks).only(
            "pk", "first_name", "preferred_name", "last_name"
        )
    }
    return [
        ScimEventLine(
            at=event.created_at,
            words=VERB_WORDS.get(event.verb, event.verb),
            subject=names.get(event.target_id) or str(event.data.get("name", "")),
            token=str(event.data.get("token", "")),
        )
        for event in overview.events
    ]
