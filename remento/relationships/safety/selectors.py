"""Reading confidential requests: the asker reads their own; the coordinators of the
program's organisation who are not one of the pair read every one; the partner (even a
coordinator) reads none. Fixed query counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair
from remento.relationships.safety.models import (
    OPEN_REQUEST_STATUSES,
    SafetyReply,
    SafetyRequest,
)


def _readable(viewer: Employee) -> Q:
    """Requests ``viewer`` may read: their own, or as a coordinator any request of their
    organisation's pairs that they are not in."""
    own = Q(asked_by=viewer)
    if not viewer.is_coordinator:
        return own
    outside = Q(pair__program__organization_id=viewer.organization_id) & ~(
        Q(pair__mentor=viewer) | Q(pair__mentee=viewer)
    )
    return own | outside


def _with_people(queryset: QuerySet[SafetyRequest]) -> QuerySet[SafetyRequest]:
    return queryset.select_related(
        "pair__program", "pair__mentor", "pair__mentee", "asked_by", "resolved_by"
    )


def safety_request_get_for(*, viewer: Employee, request_pk: Any) -> SafetyRequest:
    """One request the viewer may read, with its replies (two queries); a 404 otherwise,
    so request ids leak nothing."""
    queryset = _with_people(
        SafetyRequest.objects.filter(
            _readable(viewer), pair__program__organization_id=viewer.organization_id
        )
    ).prefetch_related(Prefetch("replies", queryset=SafetyReply.objects.select_related("author")))
    return get_object_or_404(queryset, pk=request_pk)


def may_handle(*, viewer: Employee, request: SafetyRequest) -> bool:
    """Whether the viewer acts on the request as a coordinator (not its asker, not in the
    pair)."""
    pair = request.pair
    return (
        viewer.is_coordinator
        and viewer.organization_id == pair.program.organization_id
        and viewer.pk not in (pair.mentor_id, pair.mentee_id)
    )


def safety_requests_on_pair(*, viewer: Employee, pair: Pair) -> list[SafetyRequest]:
    """What the pair page shows of requests: the asker their own; a coordinator outside
    the pair every one (waiting first); the partner none. One query."""
    in_pair = viewer.pk in (pair.mentor_id, pair.mentee_id)
    if in_pair:
        queryset = SafetyRequest.objects.filter(pair=pair, asked_by=viewer)
    elif viewer.is_coordinator and viewer.organization_id == pair.program.organization_id:
        queryset = SafetyRequest.objects.filter(pair=pair)
    else:
        return []
    return list(queryset.select_related("asked_by").order_by("-created_at", "-id"))


def program_safety_requests(
    *, viewer: Employee, program: Program, waiting_only: bool = True
) -> list[SafetyRequest]:
    """A program's requests for its coordinators (none of the viewer's own pairs), newest
    first, with how many replies each has. One query."""
    queryset = SafetyRequest.objects.filter(_readable(viewer), pair__program=program).exclude(
        Q(pair__mentor=viewer) | Q(pair__mentee=viewer)
    )
    if waiting_only:
        queryset = queryset.filter(status__in=OPEN_REQUEST_STATUSES)
    return list(
        _with_people(queryset).annotate(reply_count=Count("replies")).order_by("-created_at", "-id")
    )


def own_safety_requests(*, employee: Employee) -> list[SafetyRequest]:
    """The person's own requests, newest first. One query."""
    return list(
        _with_people(SafetyRequest.objects.filter(asked_by=employee)).order_by("-created_at", "-id")
    )


def open_safety_requests(*, pairs: Iterable[Pair | int]) -> dict[int, int]:
    """How many waiting requests (not yet resolved) each of ``pairs`` has, by pair id;
    pairs with none are left out. For the health board, whose viewer is a coordinator:
    counts only, never who asked. One query whatever the number of pairs."""
    ids = [pair if isinstance(pair, int) else pair.pk for pair in pairs]
    if not ids:
        return {}
    rows = (
        SafetyRequest.objects.filter(pair_id__in=ids, status__in=OPEN_REQUEST_STATUSES)
        .values("pair_id")
        .annotate(n=Count("pk"))
        .values_list("pair_id", "n")
    )
    return dict(rows)
