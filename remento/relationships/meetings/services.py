"""Writing meetings: propose (one or a series), accept, move, decline, cancel, log, and reset
a calendar feed.

Each service takes the acting sign-in, locks the pair row (so two people answering at once
see each other's writes), checks that the actor is one of the pair's two people and that the
pair is active, records an audit event, and emails both people the calendar invitation once
the transaction commits. Coordinators see meetings but never act on them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.people.access import acting_employee
from remento.people.models import Employee
from remento.relationships.meetings.calendar import new_feed_key
from remento.relationships.meetings.checks import (
    check_details,
    check_overlap,
    check_time,
    local_to_utc,
    series_days,
)
from remento.relationships.meetings.closing import (
    meetings_cancel_for_closed_pair as meetings_cancel_for_closed_pair,
)
from remento.relationships.meetings.emails import send_invitations
from remento.relationships.meetings.models import (
    DURATION_MAX,
    OPEN_STATUSES,
    CalendarFeed,
    Meeting,
    MeetingStatus,
    MissedBy,
)
from remento.relationships.meetings.selectors import pair_zones
from remento.relationships.models import Pair, PairStatus

TOPICS_MAX = 2000


def _locked_pair(pair_pk: int) -> Pair:
    return (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "program__organization", "mentor", "mentee", "agreement")
        .get(pk=pair_pk)
    )


def _member(actor: User, pair: Pair) -> Employee:
    """The actor's person when they are one of the pair's two people; coordinators and
    anyone else are refused."""
    employee = acting_employee(actor)
    if employee.organization_id != pair.program.organization_id or employee.pk not in (
        pair.mentor_id,
        pair.mentee_id,
    ):
        raise PermissionDenied("Only the two people of the pair may arrange its meetings.")
    return employee


def _active_pair(actor: User, pair_pk: int) -> tuple[Pair, Employee]:
    pair = _locked_pair(pair_pk)
    employee = _member(actor, pair)
    if pair.status != PairStatus.ACTIVE:
        raise ServiceError(
            "Meetings are arranged while the pair is active; this pair is "
            f"{pair.get_status_display().lower()}."
        )
    return pair, employee


def _locked_meeting(actor: User, meeting: Meeting) -> tuple[Meeting, Employee]:
    pair, employee = _active_pair(actor, meeting.pair_id)
    locked = Meeting.objects.select_related("organizer", "proposed_by").get(pk=meeting.pk)
    locked.pair = pair
    return locked, employee


def _series_starts(
    pair: Pair, day: date, at: time, duration_minutes: int, zone_name: str, occurrences: int
) -> list[datetime]:
    """When each meeting of a proposal starts (UTC), once none overlaps another of the pair's
    open meetings."""
    days = series_days(pair=pair, first=day, occurrences=occurrences)
    starts = [local_to_utc(each, at, zone_name) for each in days]
    if overlap := check_overlap(
        pair=pair, starts=starts, duration_minutes=duration_minutes, zone_name=zone_name
    ):
        raise FieldErrors(overlap)
    return starts


@transaction.atomic
def meeting_propose(
    *,
    actor: User,
    pair: Pair,
    day: date | None,
    at: time | None,
    duration_minutes: int | None,
    location: str = "",
    video_url: str = "",
    agenda: str = "",
    occurrences: int = 1,
) -> list[Meeting]:
    """Propose a meeting to the partner, or a series of ``occurrences`` meetings at the
    pair's agreed cadence, each a meeting of its own. ``day`` and ``at`` are the wall-clock
    time in the proposer's own time zone, kept for every occurrence (so the UTC time moves
    when daylight saving starts or ends). Both people get a calendar invitation."""
    pair, employee = _active_pair(actor, pair.pk)
    zone_name = pair_zones(pair=pair)[employee.pk]
    errors, _ = check_time(day=day, at=at, duration_minutes=duration_minutes, zone_name=zone_name)
    errors.update(
        check_details(
            location=location, video_url=video_url, agenda=agenda, occurrences=occurrences
        )
    )
    if errors:
        raise FieldErrors(errors)
    assert day is not None
    assert at is not None
    assert duration_minutes is not None
    starts = _series_starts(pair, day, at, duration_minutes, zone_name, occurrences)
    series = uuid.uuid4() if occurrences > 1 else None
    meetings = [
        Meeting.objects.create(
            pair=pair,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=zone_name,
            location=location.strip(),
            video_url=video_url.strip(),
            agenda=agenda.strip(),
            organizer=employee,
            proposed_by=employee,
            series=series,
            series_position=position if series else None,
        )
        for position, starts_at in enumerate(starts, start=1)
    ]
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="meeting.propose",
        target=meetings[0],
        data={"pair": pair.pk, "meetings": [m.pk for m in meetings], "series": str(series or "")},
    )
    send_invitations(meetings=meetings, actor=employee, change="proposed")
    return meetings


def _answerable(meeting: Meeting, employee: Employee) -> None:
    if meeting.status != MeetingStatus.PROPOSED:
        raise ServiceError(f"This meeting is {meeting.get_status_display().lower()} already.")
    if meeting.proposed_by_id == employee.pk:
        raise ServiceError("You proposed this time; your partner answers it.")
    if meeting.starts_at <= timezone.now():
        raise ServiceError("This time has passed; propose another one.")


@transaction.atomic
def meeting_accept(*, actor: User, meeting: Meeting, whole_series: bool = False) -> list[Meeting]:
    """Accept a time the partner proposed (with ``whole_series``, every meeting of its series
    still waiting for this person's answer); both get the confirmed invitation."""
    meeting, employee = _locked_meeting(actor, meeting)
    _answerable(meeting, employee)
    meetings = [meeting]
    if whole_series and meeting.series:
        meetings += list(
            Meeting.objects.select_related("organizer", "proposed_by")
            .filter(series=meeting.series, pair=meeting.pair, status=MeetingStatus.PROPOSED)
            .filter(starts_at__gt=timezone.now())
            .exclude(proposed_by=employee)
            .exclude(pk=meeting.pk)
        )
    return _meetings_changed(
        actor,
        meeting,
        meetings,
        employee,
        verb="meeting.accept",
        change="accepted",
        fields={"status": MeetingStatus.CONFIRMED, "answered_by": employee},
    )


def _meetings_changed(
    actor: User,
    meeting: Meeting,
    meetings: list[Meeting],
    employee: Employee,
    *,
    verb: str,
    change: str,
    fields: dict[str, object],
) -> list[Meeting]:
    """Set ``fields`` on ``meetings`` (``meeting`` and those of its series it drew along),
    one SEQUENCE up each; audit it on ``meeting`` and send both people the update."""
    for each in meetings:
        each.pair = meeting.pair
        for name, value in fields.items():
            setattr(each, name, value)
        each.sequence += 1
        each.save(update_fields=[*fields, "sequence", "updated_at"])
    _audit(actor, meeting, verb, {"meetings": [m.pk for m in meetings]})
    send_invitations(meetings=meetings, actor=employee, change=change)
    return meetings


@transaction.atomic
def meeting_counter(
    *,
    actor: User,
    meeting: Meeting,
    day: date | None,
    at: time | None,
    duration_minutes: int | None,
) -> Meeting:
    """Propose another time for a proposed or confirmed meeting (in the actor's own time
    zone); it goes back to the partner to answer, under the same UID, one SEQUENCE up."""
    meeting, employee = _locked_meeting(actor, meeting)
    if meeting.status not in OPEN_STATUSES:
        raise ServiceError(f"This meeting is {meeting.get_status_display().lower()} already.")
    zone_name = pair_zones(pair=meeting.pair)[employee.pk]
    errors, starts_at = check_time(
        day=day, at=at, duration_minutes=duration_minutes, zone_name=zone_name
    )
    if errors:
        raise FieldErrors(errors)
    assert starts_at is not None
    assert duration_minutes is not None
    if (starts_at, duration_minutes) == (meeting.starts_at, meeting.duration_minutes):
        raise FieldErrors({"day": "That is the meeting's time already: choose another."})
    if overlap := check_overlap(
        pair=meeting.pair,
        starts=[starts_at],
        duration_minutes=duration_minutes,
        zone_name=zone_name,
        moving=meeting,
    ):
        raise FieldErrors(overlap)
    previous = meeting.starts_at
    meeting.starts_at = starts_at
    meeting.duration_minutes = duration_minutes
    meeting.timezone = zone_name
    meeting.status = MeetingStatus.PROPOSED
    meeting.proposed_by = employee
    meeting.answered_by = None
    meeting.sequence += 1
    meeting.save()
    _audit(actor, meeting, "meeting.counter", {"from": previous.isoformat()})
    send_invitations(meetings=[meeting], actor=employee, change="moved")
    return meeting


@transaction.atomic
def meeting_decline(*, actor: User, meeting: Meeting) -> Meeting:
    """Decline a time the partner proposed; both get the cancellation for their calendar."""
    meeting, employee = _locked_meeting(actor, meeting)
    _answerable(meeting, employee)
    meeting.status = MeetingStatus.DECLINED
    meeting.answered_by = employee
    meeting.sequence += 1
    meeting.save(update_fields=["status", "answered_by", "sequence", "updated_at"])
    _audit(actor, meeting, "meeting.decline", {})
    send_invitations(meetings=[meeting], actor=employee, change="declined")
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, whole_series: bool = False) -> list[Meeting]:
    """Cancel a proposed or confirmed meeting that has not started (with ``whole_series``,
    every later open meeting of its series too); either person may. Records who cancelled,
    which the pair's health reads."""
    meeting, employee = _locked_meeting(actor, meeting)
    now = timezone.now()
    if meeting.status not in OPEN_STATUSES:
        raise ServiceError(f"This meeting is {meeting.get_status_display().lower()} already.")
    if meeting.starts_at <= now:
        raise ServiceError("This meeting has started; log it as held or missed instead.")
    meetings = [meeting]
    if whole_series and meeting.series:
        meetings += list(
            Meeting.objects.select_related("organizer", "proposed_by")
            .filter(series=meeting.series, pair=meeting.pair, status__in=OPEN_STATUSES)
            .filter(starts_at__gt=meeting.starts_at)
        )
    return _meetings_changed(
        actor,
        meeting,
        meetings,
        employee,
        verb="meeting.cancel",
        change="cancelled",
        fields={"status": MeetingStatus.CANCELLED, "cancelled_by": employee, "cancelled_at": now},
    )


@transaction.atomic
def meeting_log(
    *,
    actor: User,
    meeting: Meeting,
    held: bool,
    held_minutes: int | None = None,
    topics: str = "",
    missed_by: str = "",
) -> Meeting:
    """Log a meeting whose time has come as held (its real length and a few words on the
    topics) or missed (and by whom). Either person may, and may correct it later; both see
    it. No email: the calendar already holds the meeting."""
    meeting, employee = _locked_meeting(actor, meeting)
    if meeting.status not in (MeetingStatus.CONFIRMED, MeetingStatus.HELD, MeetingStatus.MISSED):
        raise ServiceError("Only a confirmed meeting can be logged.")
    if meeting.starts_at > timezone.now():
        raise ServiceError("This meeting has not started yet; log it once it has.")
    errors: dict[str, str] = {}
    topics = topics.strip()
    if held:
        if held_minutes is None or not 1 <= held_minutes <= DURATION_MAX:
            errors["held_minutes"] = f"Say how long it lasted (1 to {DURATION_MAX} minutes)."
        if len(topics) > TOPICS_MAX:
            errors["topics"] = f"Keep the topics to {TOPICS_MAX} characters."
    elif missed_by not in MissedBy.values:
        errors["missed_by"] = "Say who missed it: the mentor, the mentee or both."
    if errors:
        raise FieldErrors(errors)
    meeting.status = MeetingStatus.HELD if held else MeetingStatus.MISSED
    meeting.held_minutes = held_minutes if held else None
    meeting.topics = topics if held else ""
    meeting.missed_by = "" if held else missed_by
    meeting.logged_by = employee
    meeting.logged_at = timezone.now()
    meeting.save()
    _audit(actor, meeting, "meeting.log", {"status": meeting.status})
    return meeting


def _audit(actor: User, meeting: Meeting, verb: str, data: dict[str, object]) -> None:
    audit_log(
        actor=actor,
        organization=meeting.pair.program.organization,
        verb=verb,
        target=meeting,
        data={"pair": meeting.pair_id, **data},
    )


@transaction.atomic
def calendar_feed_reset(*, actor: User) -> CalendarFeed:
    """Give the actor a calendar feed, or a new address for it: the old one stops working
    at once (share it by mistake, reset it)."""
    employee = acting_employee(actor)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        employee=employee, defaults={"key": new_feed_key()}
    )
    if not created:
        feed.key = new_feed_key()
        feed.save(update_fields=["key", "reset_at"])
    audit_log(
        actor=actor,
        organization=employee.organization,
        verb="calendar_feed.create" if created else "calendar_feed.reset",
        target=feed,
    )
    return feed
