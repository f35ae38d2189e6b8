"""Pairs, their meetings and check-ins: what the pair pages show to whom.

The pair's two people see everything of their pair the pages show them; the program's
coordinators see the pair, meeting dates and statuses, and check-in answers, never a
meeting's place, agenda or topics; anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from remento.integrations.api.auth import caller, scoped
from remento.integrations.api.pagination import PageQuery, page_of
from remento.integrations.api.schemas import (
    CheckInPage,
    Meeting,
    MeetingLogIn,
    MeetingPage,
    Pair,
    PairPage,
)
from remento.programs.access import program_get_for
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.checkins.models import CheckIn
from remento.relationships.checkins.selectors import checkins_of_pair
from remento.relationships.meetings.models import Meeting as MeetingModel
from remento.relationships.meetings.selectors import meeting_of_pair, meetings_queryset
from remento.relationships.meetings.services import meeting_log
from remento.relationships.models import Pair as PairModel
from remento.relationships.selectors import pairs_of

router = Router(tags=["Pairs"])
PAIRS_ORDER = ("-created_at", "-pk")
MEETINGS_ORDER = ("-starts_at", "-pk")
CHECKINS_ORDER = ("-opened_at", "-pk")


def pair_item(pair: PairModel) -> dict[str, Any]:
    return {
        "id": pair.pk,
        "program": {"id": pair.program_id, "name": pair.program.name},
        "mentor": {"id": pair.mentor_id, "name": pair.mentor.display_name},
        "mentee": {"id": pair.mentee_id, "name": pair.mentee.display_name},
        "status": pair.status,
        "source": pair.source,
        "created_at": pair.created_at,
        "started_at": pair.started_at,
        "ended_at": pair.ended_at,
        "completed": pair.completed,
    }


def meeting_item(meeting: MeetingModel, *, member: bool) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": meeting.pk,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "timezone": meeting.timezone,
        "held_minutes": meeting.held_minutes,
        "missed_by": meeting.missed_by,
        "logged_at": meeting.logged_at,
    }
    if member:
        shown |= {"location": meeting.location, "agenda": meeting.agenda, "topics": meeting.topics}
    return shown


def checkin_item(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.pk,
        "person": {"id": checkin.employee_id, "name": checkin.employee.display_name},
        "role": checkin.role,
        "kind": checkin.kind,
        "status": checkin.status,
        "opened_at": checkin.opened_at,
        "closes_at": checkin.closes_at,
        "answered_at": checkin.answered_at,
        "rating": checkin.rating,
        "fit": checkin.fit,
        "comments": checkin.comments,
        "answers": [
            {"question": str(row.get("question", "")), "answer": str(row.get("display", ""))}
            for row in checkin.answers
            if isinstance(row, dict)
        ],
    }


@router.get("/pairs", response=PairPage, **scoped("pairs:read"))
def pairs_mine(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The pairs the token's maker is in, newest first."""
    return page_of(
        pairs_of(employee=caller(request).viewer), order=PAIRS_ORDER, query=page, item=pair_item
    )


@router.get("/programs/{program_id}/pairs", response=PairPage, **scoped("pairs:read"))
def pairs_of_program(
    request: HttpRequest, program_id: int, page: Query[PageQuery], status: str | None = None
) -> dict[str, Any]:
    """Every pair of the program, newest first (its coordinators)."""
    program = program_get_for(viewer=caller(request).viewer, program_pk=program_id, manage=True)
    pairs = PairModel.objects.filter(program=program).select_related("program", "mentor", "mentee")
    if status:
        pairs = pairs.filter(status=status)
    return page_of(pairs, order=PAIRS_ORDER, query=page, item=pair_item)


@router.get("/pairs/{pair_id}", response=Pair, **scoped("pairs:read"))
def pairs_get(request: HttpRequest, pair_id: int) -> dict[str, Any]:
    """One pair: its two people and the coordinators of its organisation."""
    return pair_item(pair_get_for(viewer=caller(request).viewer, pair_pk=pair_id))


@router.get("/pairs/{pair_id}/meetings", response=MeetingPage, **scoped("pairs:read"))
def meetings_list(request: HttpRequest, pair_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The pair's meetings, latest first; place, agenda and topics for the pair only."""
    viewer = caller(request).viewer
    pair = pair_get_for(viewer=viewer, pair_pk=pair_id)
    member = is_member(pair=pair, employee=viewer)
    return page_of(
        meetings_queryset().filter(pair=pair),
        order=MEETINGS_ORDER,
        query=page,
        item=lambda meeting: meeting_item(meeting, member=member),
    )


@router.post(
    "/pairs/{pair_id}/meetings/{meeting_id}/log", response=Meeting, **scoped("pairs:write")
)
def meetings_log(
    request: HttpRequest, pair_id: int, meeting_id: int, body: MeetingLogIn
) -> dict[str, Any]:
    """Log a meeting whose time has come as held (its length and topics) or missed (by
    whom): one of the pair's two people, as on the meeting page."""
    who = caller(request)
    pair = pair_get_for(viewer=who.viewer, pair_pk=pair_id)
    if not is_member(pair=pair, employee=who.viewer):
        raise Http404("No such pair.")
    meeting = meeting_log(
        actor=who.user,
        meeting=meeting_of_pair(pair=pair, meeting_pk=meeting_id),
        held=body.held,
        held_minutes=body.held_minutes,
        topics=body.topics,
        missed_by=body.missed_by,
    )
    return meeting_item(meeting, member=True)


@router.get("/pairs/{pair_id}/checkins", response=CheckInPage, **scoped("pairs:read"))
def checkins_list(request: HttpRequest, pair_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The pair's check-ins the caller may read: their own when one of the pair, both
    people's for a coordinator (as the check-ins page)."""
    viewer = caller(request).viewer
    pair = pair_get_for(viewer=viewer, pair_pk=pair_id)
    visible = [checkin.pk for checkin in checkins_of_pair(viewer=viewer, pair=pair)]
    checkins = CheckIn.objects.filter(pk__in=visible).select_related("employee")
    return page_of(checkins, order=CHECKINS_ORDER, query=page, item=checkin_item)
