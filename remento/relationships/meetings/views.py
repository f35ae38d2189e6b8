"""Meetings pages: a pair's meetings (its two people act, a coordinator reads dates and
statuses only), proposing, moving and logging a meeting, and a person's calendar feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from remento.core.errors import ServiceError
from remento.core.pages import acting_user, form_page, form_saved
from remento.core.words import cadence_in_words
from remento.people.access import employee_for, employee_required
from remento.people.models import Employee
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.meetings import calendar
from remento.relationships.meetings.checks import check_time, outside_working_day
from remento.relationships.meetings.emails import local_meetings
from remento.relationships.meetings.forms import (
    MeetingLogForm,
    MeetingProposeForm,
    MeetingTimeForm,
)
from remento.relationships.meetings.models import CalendarFeed
from remento.relationships.meetings.selectors import (
    feed_meetings,
    meeting_of_pair,
    meetings_of_pair,
    pair_zones,
)
from remento.relationships.meetings.services import (
    calendar_feed_reset,
    meeting_accept,
    meeting_cancel,
    meeting_counter,
    meeting_decline,
    meeting_log,
    meeting_propose,
)
from remento.relationships.models import Pair, PairStatus

# The button that sends a time outside the partner's working day once the page asked.
ODD_HOURS_CONFIRMED = "outside_hours_ok"
type Zones = dict[int, str]  # each person of the pair -> their zone (``pair_zones``)


def _list_url(pair: Pair) -> str:
    return reverse("relationships:meetings:list", kwargs={"pair_pk": pair.pk})


def _member_pair(request: HttpRequest, pair_pk: int) -> tuple[Pair, Employee]:
    """The pair, for one of its two people; a coordinator gets a 404 on the pages that act."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        raise Http404("No such page.")
    return pair, viewer


def _list_context(*, viewer: Employee, pair: Pair) -> dict[str, Any]:
    member = is_member(pair=pair, employee=viewer)
    meetings = meetings_of_pair(pair=pair)
    zones = pair_zones(pair=pair)
    zone_name = zones.get(viewer.pk, viewer.timezone)
    partner = pair.partner_of(viewer.pk) if member else None
    terms = getattr(pair, "agreement", None)
    return {
        "pair": pair,
        "member": member,
        "viewer": viewer,
        "partner": partner,
        "partner_zone": zones.get(partner.pk) if partner else None,
        "zone_name": zone_name,
        "active": pair.status == PairStatus.ACTIVE,
        "upcoming": list(
            zip(
                local_meetings(meetings.upcoming, zone_name),
                local_meetings(meetings.upcoming, zones[partner.pk])
                if partner
                else [None] * len(meetings.upcoming),
                strict=True,
            )
        ),
        "past": local_meetings(meetings.past, zone_name),
        "to_log": len(meetings.to_log),
        "cadence": cadence_in_words(terms.cadence_days) if terms and terms.cadence_days else "",
    }


@employee_required
def meeting_list(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The pair's meetings: upcoming ones with their actions, then past ones with a log
    button. A coordinator sees dates, lengths and statuses only (the rest is the pair's)."""
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    return render(
        request,
        "relationships/meetings/meeting_list.html",
        _list_context(viewer=viewer, pair=pair),
    )


def _partner_hours_warning(
    request: HttpRequest, form: MeetingTimeForm, *, pair: Pair, viewer: Employee, zones: Zones
) -> str:
    """Words asking ``viewer`` to confirm a time outside their partner's working day (in the
    partner's zone for the pair), unless they have; "" when the time suits the partner, or
    when the form has errors to show first."""
    if request.POST.get(ODD_HOURS_CONFIRMED) or not form.is_valid():
        return ""
    data = form.cleaned_data
    errors, starts_at = check_time(
        day=data["day"],
        at=data["at"],
        duration_minutes=data["duration_minutes"],
        zone_name=zones[viewer.pk],
    )
    partner = pair.partner_of(viewer.pk)
    if errors or starts_at is None:
        return ""
    when = outside_working_day(starts_at, data["duration_minutes"], zones[partner.pk])
    if not when:
        return ""
    return (
        f"That is {when} for {partner.display_name} ({zones[partner.pk]}), outside a "
        "working day there. Choose another time, or send this one anyway."
    )


def _time_saved[T](
    request: HttpRequest,
    form: MeetingTimeForm,
    save: Callable[[], T],
    *,
    pair: Pair,
    viewer: Employee,
    zones: Zones,
) -> tuple[str, T | None]:
    """A meeting time's form posted: ("", what ``save`` wrote, None when the form or the
    service refused), or the words asking to confirm the partner's hours and None."""
    warning = _partner_hours_warning(request, form, pair=pair, viewer=viewer, zones=zones)
    return (warning, None) if warning else ("", form_saved(form, save))


def _time_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A meeting time's form: asking to confirm the partner's hours is a 200, not an error."""
    if context.get("warning"):
        return render(request, template, context)
    return form_page(request, template, context)


@employee_required
def meeting_propose_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    pair, viewer = _member_pair(request, pair_pk)
    zones = pair_zones(pair=pair)
    partner = pair.partner_of(viewer.pk)
    form = MeetingProposeForm(
        request.POST if request.method == "POST" else None,
        zone_name=zones[viewer.pk],
        initial={"duration_minutes": pair.program.meeting_length_minutes, "occurrences": 1},
    )
    warning = ""
    if request.method == "POST":
        warning, meetings = _time_saved(
            request,
            form,
            lambda: meeting_propose(actor=acting_user(request), pair=pair, **form.cleaned_data),
            pair=pair,
            viewer=viewer,
            zones=zones,
        )
        if meetings is not None:
            what = "meetings are" if len(meetings) > 1 else "meeting is"
            messages.success(
                request,
                f"Your {what} proposed: {partner.display_name} and you both received "
                "the calendar invitation.",
            )
            return redirect(_list_url(pair))
    terms = getattr(pair, "agreement", None)
    return _time_page(
        request,
        "relationships/meetings/meeting_propose.html",
        {
            "pair": pair,
            "form": form,
            "zone_name": zones[viewer.pk],
            "partner": partner,
            "partner_zone": zones[partner.pk],
            "warning": warning,
            "confirm_name": ODD_HOURS_CONFIRMED,
            "cadence": cadence_in_words(terms.cadence_days) if terms and terms.cadence_days else "",
        },
    )


@employee_required
def meeting_counter_view(request: HttpRequest, pair_pk: int, meeting_pk: int) -> HttpResponse:
    pair, viewer = _member_pair(request, pair_pk)
    meeting = meeting_of_pair(pair=pair, meeting_pk=meeting_pk)
    zones = pair_zones(pair=pair)
    zone_name = zones[viewer.pk]
    local = meeting.starts_at.astimezone(calendar.zone(zone_name))
    form = MeetingTimeForm(
        request.POST if request.method == "POST" else None,
        zone_name=zone_name,
        initial={
            "day": local.date(),
            "at": local.time(),
            "duration_minutes": meeting.duration_minutes,
        },
    )
    warning = ""
    if request.method == "POST":
        warning, moved = _time_saved(
            request,
            form,
            lambda: meeting_counter(
                actor=acting_user(request), meeting=meeting, **form.cleaned_data
            ),
            pair=pair,
            viewer=viewer,
            zones=zones,
        )
        if moved is not None:
            messages.success(request, "Your new time is proposed; both of you received the update.")
            return redirect(_list_url(pair))
    return _time_page(
        request,
        "relationships/meetings/meeting_counter.html",
        {
            "pair": pair,
            "meeting": meeting,
            "local": local,
            "form": form,
            "zone_name": zone_name,
            "warning": warning,
            "confirm_name": ODD_HOURS_CONFIRMED,
        },
    )


@employee_required
def meeting_log_view(request: HttpRequest, pair_pk: int, meeting_pk: int) -> HttpResponse:
    pair, viewer = _member_pair(request, pair_pk)
    meeting = meeting_of_pair(pair=pair, meeting_pk=meeting_pk)
    zone_name = pair_zones(pair=pair)[viewer.pk]
    form = MeetingLogForm(
        request.POST if request.method == "POST" else None,
        initial={
            "outcome": "missed" if meeting.status == "missed" else "held",
            "held_minutes": meeting.held_minutes or meeting.duration_minutes,
            "topics": meeting.topics,
            "missed_by": meeting.missed_by,
        },
    )
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: meeting_log(
                actor=acting_user(request),
                meeting=meeting,
                held=form.cleaned_data["outcome"] == "held",
                held_minutes=form.cleaned_data["held_minutes"],
                topics=form.cleaned_data["topics"],
                missed_by=form.cleaned_data["missed_by"],
            ),
        )
        is not None
    ):
        messages.success(request, "The meeting is logged; your partner sees it too.")
        return redirect(_list_url(pair) + "#past")
    return form_page(
        request,
        "relationships/meetings/meeting_log.html",
        {
            "pair": pair,
            "meeting": meeting,
            "local": meeting.starts_at.astimezone(calendar.zone(zone_name)),
            "zone_name": zone_name,
            "form": form,
        },
    )


@require_POST
@employee_required
def meeting_answer_view(request: HttpRequest, pair_pk: int, meeting_pk: int) -> HttpResponse:
    """Accept, decline or cancel (``answer`` in the form), for one meeting or its series."""
    pair, viewer = _member_pair(request, pair_pk)
    meeting = meeting_of_pair(pair=pair, meeting_pk=meeting_pk)
    answer = request.POST.get("answer", "")
    whole_series = request.POST.get("series") == "1"
    actor: Any = request.user
    try:
        if answer == "accept":
            done = meeting_accept(actor=actor, meeting=meeting, whole_series=whole_series)
            text = f"Confirmed ({len(done)} meeting{'s' if len(done) > 1 else ''})."
        elif answer == "decline":
            meeting_decline(actor=actor, meeting=meeting)
            text = "You declined the meeting; propose another time when you are ready."
        elif answer == "cancel":
            done = meeting_cancel(actor=actor, meeting=meeting, whole_series=whole_series)
            text = f"Cancelled ({len(done)} meeting{'s' if len(done) > 1 else ''})."
        else:
            raise ServiceError("Choose accept, decline or cancel.")
    except ServiceError as error:
        notice, level = str(error), "error"
    else:
        notice, level = f"{text} Both of you received the calendar update.", "success"
    if getattr(request, "htmx", False):
        # htmx swaps the meetings in place (no page reload), with what happened above them.
        context = _list_context(viewer=viewer, pair=pair)
        context.update(notice=notice, notice_level=level)
        return render(request, "relationships/meetings/_meetings_board.html", context)
    getattr(messages, level)(request, notice)
    return redirect(_list_url(pair))


@employee_required
def calendar_feed_page(request: HttpRequest) -> HttpResponse:
    """The signed-in person's private calendar feed: its address to copy, and a reset."""
    viewer = employee_for(request)
    feed = CalendarFeed.objects.filter(employee=viewer).first()
    if request.method == "POST":
        calendar_feed_reset(actor=acting_user(request))
        messages.success(
            request,
            "Your calendar feed has a new address; the old one no longer works."
            if feed is not None
            else "Your calendar address is ready: copy it into your calendar app.",
        )
        return redirect("relationships:calendar_feed")
    https_url = webcal_url = ""
    if feed is not None:
        path = reverse("relationships:calendar_feed_ics", args=[calendar.feed_token(feed.key)])
        https_url = request.build_absolute_uri(path)
        webcal_url = "webcal://" + https_url.split("://", 1)[1]
    return render(
        request,
        "relationships/meetings/calendar_feed.html",
        {"feed": feed, "https_url": https_url, "webcal_url": webcal_url},
    )


@require_safe
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar apps (no sign-in: the token is the key), read with GET
    or HEAD only (405 otherwise). A reset or malformed token, a person who left, or one
    whose sign-in is switched off, gets a 404."""
    key = calendar.feed_key_from(token)
    if key is None:
        raise Http404("No such calendar.")
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("employee"),
        key=key,
        employee__is_active=True,
        employee__left_at__isnull=True,
        employee__user__is_active=True,
    )
    body = calendar.feed(feed_meetings(employee=feed.employee), name="Mentoring meetings (Remento)")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mentoring.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
