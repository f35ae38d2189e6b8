"""The top of an active pair's page: what to do next, first.

For one of the pair: a proposal of the partner to answer, a meeting to log, their own
check-in to answer, then the next meeting (or the proposal they wait on), else a nudge to
propose one. For a coordinator: when the pair last met and what comes next, dates only (the
rest of a meeting is the pair's, and check-ins are never shown here). Three queries for one
of the pair (meetings, time zones, check-ins), one for a coordinator, plus what the apps
above add for the pair's people (``register_member_lines``: an assessment to answer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from remento.core.viewer_time import days_ago
from remento.core.words import cadence_in_words
from remento.people.models import Employee
from remento.relationships.checkins.emails import answer_path
from remento.relationships.checkins.selectors import open_checkins_of
from remento.relationships.meetings.calendar import zone
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.selectors import PairMeetings, meetings_of_pair, zone_of
from remento.relationships.models import Pair, PairStatus
from remento.relationships.selectors import terms_of


@dataclass(frozen=True)
class NextUp:
    """One line of the pair page's "What's next": a sentence and, maybe, its button."""

    text: str
    url: str = ""
    action: str = ""
    urgent: bool = False


def _when(meeting: Meeting, where: ZoneInfo) -> str:
    local = meeting.starts_at.astimezone(where)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def _cadence(pair: Pair) -> str:
    terms = terms_of(pair)
    days = terms.cadence_days if terms and terms.cadence_days else None
    return cadence_in_words(days or pair.program.meeting_cadence_days)


def _member_lines(
    pair: Pair, viewer: Employee, meetings: PairMeetings, now: datetime
) -> list[NextUp]:
    where = zone_of(pair=pair, employee=viewer)
    listing = reverse("relationships:meetings:list", args=[pair.pk])
    lines: list[NextUp] = []
    for meeting in meetings.upcoming:
        if meeting.status == MeetingStatus.PROPOSED and meeting.proposed_by_id != viewer.pk:
            lines.append(
                NextUp(
                    f"{meeting.proposed_by.display_name} proposed a meeting on "
                    f"{_when(meeting, where)} (your time): accept it, move it or decline.",
                    listing,
                    "Answer",
                    urgent=True,
                )
            )
    for meeting in meetings.to_log:
        if meeting.ends_at <= now:
            log = reverse("relationships:meetings:log", args=[pair.pk, meeting.pk])
            lines.append(
                NextUp(f"Log the meeting of {_when(meeting, where)}.", log, "Log it", urgent=True)
            )
    # The pair is loaded already: its people and program are not joined again.
    for checkin in open_checkins_of(viewer).filter(pair=pair).select_related(None):
        due = timezone.localtime(checkin.closes_at, where)
        lines.append(
            NextUp(
                f"{checkin.title}: answer by {due.day} {due:%b} (only your coordinator reads it).",
                answer_path(checkin),
                "Check in",
                urgent=True,
            )
        )
    lines.extend(_coming(pair, viewer, meetings, where, listing))
    return lines


def _coming(
    pair: Pair, viewer: Employee, meetings: PairMeetings, where: ZoneInfo, listing: str
) -> list[NextUp]:
    confirmed = [m for m in meetings.upcoming if m.status == MeetingStatus.CONFIRMED]
    own = [
        m
        for m in meetings.upcoming
        if m.status == MeetingStatus.PROPOSED and m.proposed_by_id == viewer.pk
    ]
    partner = pair.partner_of(viewer.pk)
    if confirmed:
        meeting = confirmed[0]
        place = f" ({meeting.location})" if meeting.location else ""
        return [
            NextUp(
                f"Next meeting: {_when(meeting, where)} your time, "
                f"{meeting.duration_minutes} minutes{place}.",
                listing,
                "See the meetings",
            )
        ]
    if own:
        return [
            NextUp(
                f"Waiting for {partner.display_name} to answer your proposal for "
                f"{_when(own[0], where)} (your time).",
                listing,
                "See the meetings",
            )
        ]
    if any(m.status == MeetingStatus.PROPOSED for m in meetings.upcoming):
        return []
    return [
        NextUp(
            f"No meeting is scheduled; you agreed to meet {_cadence(pair)}.",
            reverse("relationships:meetings:propose", args=[pair.pk]),
            "Propose a meeting",
        )
    ]


def _coordinator_lines(pair: Pair, viewer: Employee, meetings: PairMeetings) -> list[NextUp]:
    where = zone(viewer.timezone)
    listing = reverse("relationships:meetings:list", args=[pair.pk])
    held = next((m for m in meetings.past if m.status == MeetingStatus.HELD), None)
    if held is None:
        last = "No meeting held yet"
    else:
        last = f"Last met {days_ago(held.starts_at, zone=where)} ({_when(held, where)})"
    coming = next(iter(meetings.upcoming), None)
    if coming is None:
        after = "nothing is scheduled."
    else:
        status = "confirmed" if coming.status == MeetingStatus.CONFIRMED else "proposed"
        after = f"next meeting {status} for {_when(coming, where)} (your time)."
    return [NextUp(f"{last}; {after}", listing, "See the meetings")]


# Lines the apps above add for one of the pair, at any status (outcomes: an assessment to
# answer, also once the pair has closed), registered from their ``AppConfig.ready``. Each
# source takes (pair, viewer) and issues a fixed number of queries.
MemberLines = Callable[[Pair, Employee], list[NextUp]]
_member_sources: dict[str, MemberLines] = {}


def register_member_lines(name: str, source: MemberLines) -> None:
    """Add (or replace, by ``name``) a source of "What's next" lines for the pair's people."""
    _member_sources[name] = source


def pair_next_up(*, pair: Pair, viewer: Employee, member: bool) -> list[NextUp]:
    """What to do next on an active pair's page, most urgent first (for a pair that is not
    active, only what the registered sources add: its launch sections say the rest). The
    caller checked the viewer may see the pair (``access.pair_get_for``) and whether they
    are one of it."""
    added = (
        [line for name in sorted(_member_sources) for line in _member_sources[name](pair, viewer)]
        if member
        else []
    )
    if pair.status != PairStatus.ACTIVE:
        return added
    now = timezone.now()
    meetings = meetings_of_pair(pair=pair, now=now)
    if member:
        return added + _member_lines(pair, viewer, meetings, now)
    return _coordinator_lines(pair, viewer, meetings)
