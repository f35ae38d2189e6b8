"""The pair workspace tried as an attacker would, beyond roles: another pair's object ids
inside one's own pair's URL, a partner inferring the other's private words, the calendar
feed's token, crafted input, closed pairs, and CSRF on every POST."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.checkins.models import CheckIn, CheckInStatus
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.goals.services import goal_create
from remento.relationships.meetings import calendar
from remento.relationships.meetings.models import CalendarFeed, Meeting, MeetingStatus
from remento.relationships.meetings.services import calendar_feed_reset
from remento.relationships.models import Pair, PairStatus
from remento.relationships.notes.models import ActionItem, PrivateNote, SharedNote
from remento.relationships.notes.services import (
    action_item_create,
    private_note_save,
    shared_note_save,
)
from remento.relationships.safety.models import SafetyRequest
from remento.relationships.safety.services import safety_request_create
from tests.conftest import client_for
from tests.factories import OrganizationFactory, employee_with_login, make_program, user_of
from tests.relationships.builders import make_pair
from tests.relationships.checkins.helpers import open_checkin
from tests.relationships.meetings.conftest import next_weekday, past_meeting

pytestmark = pytest.mark.django_db

SECRET = "Secret-7f3a"


def _open(pair: Pair) -> Pair:
    pair.status = PairStatus.ACTIVE
    pair.started_at = timezone.now() - dt.timedelta(days=30)
    pair.save()
    return Pair.objects.select_related("program__organization", "mentor", "mentee").get(pk=pair.pk)


def _people(organization: Organization, tag: str) -> tuple[Employee, Employee]:
    return (
        employee_with_login(organization=organization, email=f"{tag}-mentor@x.example", level=2),
        employee_with_login(organization=organization, email=f"{tag}-mentee@x.example", level=9),
    )


@pytest.fixture
def mine(pair: Pair) -> Pair:
    return _open(pair)


def _filled(pair: Pair) -> dict[str, Any]:
    """One of each workspace object in ``pair``, written by its mentor (the asker)."""
    actor = user_of(pair.mentor)
    goal = goal_create(actor=actor, pair=pair, title="Their goal", milestones=["Step one"])
    return {
        "meeting": past_meeting(pair),
        "proposed": Meeting.objects.create(
            pair=pair,
            starts_at=timezone.now() + dt.timedelta(days=9),
            duration_minutes=45,
            timezone="UTC",
            organizer=pair.mentor,
            proposed_by=pair.mentor,
            status=MeetingStatus.PROPOSED,
        ),
        "goal": goal,
        "milestone": goal.milestones.get(),
        "shared": shared_note_save(actor=actor, pair=pair, body="Their shared note"),
        "private": private_note_save(actor=actor, pair=pair, body="Their private note"),
        "item": action_item_create(
            actor=actor, pair=pair, title="Their item", owner=pair.mentor, due_date=None
        ),
        "checkin": open_checkin(pair, pair.mentor),
        "safety": safety_request_create(
            actor=actor, pair=pair, wish="end", reason="fit", details="Their safety details"
        ),
    }


@pytest.fixture
def same_org_pair(mine: Pair) -> Pair:
    program = make_program(mine.program.organization, name="Another program")
    return _open(make_pair(program, *_people(mine.program.organization, "b")))


@pytest.fixture
def other_org_pair(db: None) -> Pair:
    organization = OrganizationFactory.create(name="Elsewhere", slug="elsewhere")
    return _open(make_pair(make_program(organization), *_people(organization, "c")))


def _snapshot() -> list[Any]:
    """Everything a swapped id could change."""
    return [
        list(Meeting.objects.order_by("pk").values()),
        list(Goal.objects.order_by("pk").values()),
        list(Milestone.objects.order_by("pk").values()),
        list(SharedNote.objects.order_by("pk").values()),
        list(PrivateNote.objects.order_by("pk").values()),
        list(ActionItem.objects.order_by("pk").values()),
        list(CheckIn.objects.order_by("pk").values()),
        list(SafetyRequest.objects.order_by("pk").values()),
    ]


def _attacks(mine: Pair, theirs: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, URL of MY pair with THEIR object's id, data)."""
    p = mine.pk

    def url(name: str, pk: int) -> str:
        return reverse(name, args=[p, pk])

    meeting, proposed = theirs["meeting"].pk, theirs["proposed"].pk
    move = {"day": next_weekday().isoformat(), "at": "10:00", "duration_minutes": 30}
    log = {"outcome": "held", "held_minutes": 30, "topics": "Hijacked", "missed_by": ""}
    return [
        ("get", url("relationships:meetings:log", meeting), {}),
        ("post", url("relationships:meetings:log", meeting), log),
        ("get", url("relationships:meetings:counter", proposed), {}),
        ("post", url("relationships:meetings:counter", proposed), move),
        ("post", url("relationships:meetings:answer", proposed), {"answer": "accept"}),
        ("post", url("relationships:meetings:answer", proposed), {"answer": "cancel"}),
        ("post", url("relationships:goal_update", theirs["goal"].pk), {"title": "Hijacked"}),
        ("post", url("relationships:goal_delete", theirs["goal"].pk), {}),
        ("post", url("relationships:milestone_toggle", theirs["milestone"].pk), {"done": "1"}),
        (
            "post",
            url("relationships:shared_note_edit", theirs["shared"].pk),
            {f"shared-{theirs['shared'].pk}-body": "Hijacked"},
        ),
        (
            "post",
            url("relationships:private_note_edit", theirs["private"].pk),
            {f"private-{theirs['private'].pk}-body": "Hijacked"},
        ),
        ("post", url("relationships:private_note_delete", theirs["private"].pk), {}),
        ("post", url("relationships:action_item_toggle", theirs["item"].pk), {"done": "1"}),
        ("get", url("relationships:checkins:answer", theirs["checkin"].pk), {}),
        ("post", url("relationships:checkins:answer", theirs["checkin"].pk), {"rating": "5"}),
    ]


@pytest.mark.parametrize("where", ["same_org_pair", "other_org_pair"])
def test_another_pairs_ids_in_my_pairs_urls_are_404_and_write_nothing(
    where: str, mine: Pair, request: pytest.FixtureRequest
) -> None:
    theirs = _filled(request.getfixturevalue(where))
    before = _snapshot()
    mail.outbox = []
    for person in (mine.mentor, mine.mentee):
        client = client_for(person)
        for method, url, data in _attacks(mine, theirs):
            response = getattr(client, method)(url, data, HTTP_HX_REQUEST="true")
            assert response.status_code == 404, (method, url, response.status_code)
        for name in (
            "safety_request",
            "safety_request_reply",
            "safety_request_add",
            "safety_request_resolve",
            "safety_pair_close",
        ):
            url = reverse(f"relationships:{name}", args=[theirs["safety"].pk])
            method = "get" if name == "safety_request" else "post"
            response = getattr(client, method)(url, {"text": "Hijacked", "message": "x"})
            # The coordinators' actions refuse a participant before reading the id.
            assert response.status_code in (403, 404), (name, response.status_code)
            if name in ("safety_request", "safety_request_add"):
                assert response.status_code == 404, name
    assert _snapshot() == before
    assert mail.outbox == []


def test_a_shared_note_cannot_be_tied_to_another_pairs_meeting(
    mine: Pair, same_org_pair: Pair
) -> None:
    theirs = past_meeting(same_org_pair)
    url = reverse("relationships:shared_note_create", args=[mine.pk])
    response = client_for(mine.mentor).post(
        url, {"shared-meeting": theirs.pk, "shared-body": "About their meeting"}
    )
    assert response.status_code == 400
    assert not SharedNote.objects.exists()


# --- A partner inferring the other's private words ---------------------------------------


def _partner_sees_nothing(client: Client, urls: list[str], *words: str) -> None:
    for url in urls:
        response = client.get(url, HTTP_HX_REQUEST="true")
        body = b"".join(response) if response.streaming else response.content
        text = body.decode()
        for word in words:
            assert word not in text, (url, word)


def test_a_partner_learns_nothing_of_the_others_private_words(
    mine: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    asker, partner = mine.mentor, mine.mentee
    actor = user_of(asker)
    with django_capture_on_commit_callbacks(execute=True):
        private_note_save(actor=actor, pair=mine, body=f"{SECRET} private note")
        checkin = open_checkin(mine, asker)
        checkin.status, checkin.answered_at = CheckInStatus.ANSWERED, timezone.now()
        checkin.rating, checkin.comments = 1, f"{SECRET} check-in comment"
        checkin.save()
        request = safety_request_create(
            actor=actor, pair=mine, wish="end", reason="uncomfortable", details=f"{SECRET} d"
        )
    calendar_feed_reset(actor=user_of(partner))
    feed = CalendarFeed.objects.get(employee=partner)
    urls = [
        reverse("relationships:pair_detail", args=[mine.pk]),
        reverse("relationships:notes", args=[mine.pk]),
        reverse("relationships:checkins:list", args=[mine.pk]),
        reverse("relationships:pair_health", args=[mine.pk]),
        reverse("relationships:meetings:list", args=[mine.pk]),
        reverse("relationships:goals", args=[mine.pk]),
        reverse("relationships:my_pairs"),
        reverse("relationships:my_safety_requests"),
        reverse("relationships:calendar_feed_ics", args=[calendar.feed_token(feed.key)]),
        "/",
    ]
    client = client_for(partner)
    _partner_sees_nothing(
        client, urls, SECRET, "Not a good fit", "uncomfortable", "safe way out", "Safe way out"
    )
    assert client.get(reverse("relationships:safety_request", args=[request.pk])).status_code == 404
    for message in mail.outbox:
        if partner.email in message.to:
            assert SECRET not in message.body
            assert "uncomfortable" not in message.body.lower()


def test_the_partners_personal_data_export_has_none_of_the_others_private_words(
    mine: Pair, admin: Employee
) -> None:
    from remento.people.services.personal_export import personal_data_export

    actor = user_of(mine.mentor)
    private_note_save(actor=actor, pair=mine, body=f"{SECRET} private note")
    safety_request_create(actor=actor, pair=mine, wish="end", reason="fit", details=SECRET)
    checkin = open_checkin(mine, mine.mentor)
    CheckIn.objects.filter(pk=checkin.pk).update(
        status=CheckInStatus.ANSWERED, rating=1, comments=f"{SECRET} comment"
    )
    export = personal_data_export(actor=user_of(admin), employee=mine.mentee)
    text = str(export.as_json())
    assert SECRET not in text
    assert "fit" not in text.lower().replace("benefit", "")


# --- The calendar feed ---------------------------------------------------------------------


def _feed_url(key: str) -> str:
    return reverse("relationships:calendar_feed_ics", args=[calendar.feed_token(key)])


def test_the_feed_refuses_forged_reset_and_departed_tokens(mine: Pair) -> None:
    calendar_feed_reset(actor=user_of(mine.mentor))
    feed = CalendarFeed.objects.get(employee=mine.mentor)
    client = Client()
    good = _feed_url(feed.key)
    response = client.get(good)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    token = calendar.feed_token(feed.key)
    key, _, signature = token.partition(".")
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    for bad in (f"{key}.{flipped}", key, f"{key}.", f".{signature}", "x" * 300, f"{key}.{key}"):
        assert client.get(f"/pairs/calendar/{bad}.ics").status_code == 404, bad
    # The key of another person with this person's signature is refused too.
    other = CalendarFeed.objects.create(employee=mine.mentee, key=calendar.new_feed_key())
    assert client.get(f"/pairs/calendar/{other.key}.{signature}.ics").status_code == 404
    # A reset makes the old address useless.
    calendar_feed_reset(actor=user_of(mine.mentor))
    assert client.get(good).status_code == 404
    # A person who left: the new address stops working too.
    fresh = _feed_url(CalendarFeed.objects.get(employee=mine.mentor).key)
    assert client.get(fresh).status_code == 200
    Employee.objects.filter(pk=mine.mentor.pk).update(is_active=False)
    assert client.get(fresh).status_code == 404


def test_the_feed_lists_only_the_owners_meetings(mine: Pair, same_org_pair: Pair) -> None:
    theirs = past_meeting(same_org_pair)
    own = past_meeting(mine)
    calendar_feed_reset(actor=user_of(mine.mentor))
    body = Client().get(_feed_url(CalendarFeed.objects.get(employee=mine.mentor).key))
    text = body.content.decode()
    assert calendar.meeting_uid(own) in text
    assert calendar.meeting_uid(theirs) not in text


def test_the_feed_compares_tokens_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def spy(a: str, b: str) -> bool:
        seen.append((a, b))
        return a == b

    monkeypatch.setattr(calendar, "constant_time_compare", spy)
    assert calendar.feed_key_from("abc.def") is None
    assert seen


# --- Crafted input ---------------------------------------------------------------------------

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _propose_url(pair: Pair) -> str:
    return reverse("relationships:meetings:propose", args=[pair.pk])


def _proposal(**fields: Any) -> dict[str, Any]:
    data = {
        "day": next_weekday().isoformat(),
        "at": "09:00",
        "duration_minutes": 45,
        "location": "Room 1",
        "video_url": "",
        "agenda": "Posts",
        "occurrences": 1,
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("agenda", "a" * 5001),
        ("location", "l" * 201),
        ("duration_minutes", 0),
        ("duration_minutes", 10000),
        ("day", (timezone.localdate() - dt.timedelta(days=2)).isoformat()),
        ("occurrences", 10000),
    ],
)
def test_bad_proposals_get_a_field_error_and_write_nothing(
    mine: Pair, field: str, value: Any
) -> None:
    response = client_for(mine.mentor).post(_propose_url(mine), _proposal(**{field: value}))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors, field
    assert not Meeting.objects.exists()


def test_long_topics_and_notes_get_a_field_error(mine: Pair) -> None:
    meeting = past_meeting(mine)
    client = client_for(mine.mentor)
    url = reverse("relationships:meetings:log", args=[mine.pk, meeting.pk])
    response = client.post(
        url, {"outcome": "held", "held_minutes": 30, "topics": "t" * 20001, "missed_by": ""}
    )
    assert response.status_code == 400
    assert "topics" in response.context["form"].errors
    url = reverse("relationships:shared_note_create", args=[mine.pk])
    response = client.post(url, {"shared-body": "n" * 100001})
    assert response.status_code == 400
    assert "body" in response.context["shared_form"].errors
    url = reverse("relationships:private_note_create", args=[mine.pk])
    response = client.post(url, {"private-body": "n" * 100001})
    assert response.status_code == 400
    assert "body" in response.context["private_form"].errors
    assert not SharedNote.objects.exists()
    assert not PrivateNote.objects.exists()


def test_html_in_free_text_is_escaped_on_pages_and_in_emails(
    mine: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(mine.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_propose_url(mine), _proposal(agenda=XSS, location=XSS[:150]))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    goal_url = reverse("relationships:goals", args=[mine.pk])
    client.post(goal_url, {"owner": mine.mentee.pk, "title": XSS, "milestones": XSS})
    client.post(reverse("relationships:shared_note_create", args=[mine.pk]), {"shared-body": XSS})
    client.post(reverse("relationships:private_note_create", args=[mine.pk]), {"private-body": XSS})
    client.post(
        reverse("relationships:action_item_create", args=[mine.pk]),
        {"title": XSS[:150], "owner": mine.mentor.pk},
    )
    log_url = reverse("relationships:meetings:log", args=[mine.pk, meeting.pk])
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CONFIRMED, starts_at=timezone.now() - dt.timedelta(days=1)
    )
    client.post(log_url, {"outcome": "held", "held_minutes": 30, "topics": XSS, "missed_by": ""})
    assert Goal.objects.get().title == XSS
    assert SharedNote.objects.get().body == XSS
    assert ActionItem.objects.get().title == XSS[:150]
    assert Meeting.objects.get().topics == XSS
    for url in (
        reverse("relationships:meetings:list", args=[mine.pk]),
        goal_url,
        reverse("relationships:notes", args=[mine.pk]),
        reverse("relationships:pair_detail", args=[mine.pk]),
    ):
        for who in (mine.mentor, mine.mentee):
            page = client_for(who).get(url).content.decode()
            assert "<script>alert" not in page, url
            assert "<img src=x" not in page, url
    assert mail.outbox
    for message in mail.outbox:  # the plain-text part carries the words as written
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert "<script>alert" not in str(content)
                assert "<img src=x" not in str(content)


def test_line_breaks_cannot_inject_ics_properties_or_email_headers(
    mine: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    evil = "Posts\r\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT"
    Employee.objects.filter(pk=mine.mentor.pk).update(
        first_name="Maya\r\nBcc: evil@example.com", last_name="Junior\nX-Evil: 1"
    )
    mine.refresh_from_db()
    client = client_for(mine.mentor)
    response = client.post(_propose_url(mine), _proposal(location="Room\r\nX-INJECTED:1"))
    assert response.status_code == 400
    assert "location" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_propose_url(mine), _proposal(agenda=evil))
    assert response.status_code == 302
    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        message.message()  # builds headers; raises BadHeaderError on injection
        for filename, content, _mimetype in message.attachments:
            if filename.endswith(".ics"):
                lines = str(content).splitlines()
                assert not any(line.startswith("ATTENDEE:mailto:evil") for line in lines)
                assert not any(line.startswith("X-INJECTED") for line in lines)
                assert sum(1 for line in lines if line == "END:VEVENT") == 1


def test_an_invalid_time_zone_falls_back_to_utc(mine: Pair) -> None:
    from remento.enrollment.models import Enrollment

    Enrollment.objects.filter(program=mine.program, employee=mine.mentor).update(
        timezone="Mars/Olympus_Mons"
    )
    client = client_for(mine.mentor)
    assert client.get(_propose_url(mine)).status_code == 200
    assert client.get(reverse("relationships:meetings:list", args=[mine.pk])).status_code == 200
    response = client.post(_propose_url(mine), _proposal())
    assert response.status_code in (302, 400)


def test_a_nudge_template_cannot_reach_attributes(mine: Pair) -> None:
    from remento.core.errors import FieldErrors
    from remento.relationships.health import text

    for template in (
        "{first_name.__class__}",
        "{partner.__init__.__globals__}",
        "{0}",
        "{first_name[0]}",
        "{first_name!r}",
        "{first_name:>999999}",
        "{first_name",
    ):
        with pytest.raises(FieldErrors):
            text.check(subject="Hello", body=template)
        with pytest.raises(FieldErrors):
            text.check(subject=template, body="Hello")
        if template.endswith("}"):
            filled = text.fill(template, {"first_name": "Martin", "partner": "Maya"})
            assert "class" not in filled
            assert "globals" not in filled
            assert len(filled) < 50


# --- Closed pairs ----------------------------------------------------------------------------


def test_a_closed_pair_refuses_every_write(mine: Pair) -> None:
    theirs = _filled(mine)
    Pair.objects.filter(pk=mine.pk).update(status=PairStatus.CLOSED, ended_at=timezone.now())
    before = _snapshot()
    client = client_for(mine.mentee)
    p = mine.pk
    writes = [
        (_propose_url(mine), _proposal()),
        (reverse("relationships:goals", args=[p]), {"owner": mine.mentee.pk, "title": "New"}),
        (reverse("relationships:goals_seed", args=[p]), {}),
        (reverse("relationships:goal_update", args=[p, theirs["goal"].pk]), {"title": "x"}),
        (reverse("relationships:goal_delete", args=[p, theirs["goal"].pk]), {}),
        (reverse("relationships:milestone_toggle", args=[p, theirs["milestone"].pk]), {"done": 1}),
        (reverse("relationships:shared_note_create", args=[p]), {"shared-body": "x"}),
        (
            reverse("relationships:shared_note_edit", args=[p, theirs["shared"].pk]),
            {f"shared-{theirs['shared'].pk}-body": "x"},
        ),
        (reverse("relationships:private_note_create", args=[p]), {"private-body": "x"}),
        (
            reverse("relationships:action_item_create", args=[p]),
            {"title": "x", "owner": mine.mentee.pk},
        ),
        (reverse("relationships:action_item_toggle", args=[p, theirs["item"].pk]), {"done": 1}),
        (
            reverse("relationships:meetings:answer", args=[p, theirs["proposed"].pk]),
            {"answer": "accept"},
        ),
        (
            reverse("relationships:meetings:log", args=[p, theirs["meeting"].pk]),
            {"outcome": "held", "held_minutes": 30, "topics": "x", "missed_by": ""},
        ),
        (
            reverse("relationships:safety_request_new", args=[p]),
            {"wish": "end", "reason": "fit", "details": "x"},
        ),
    ]
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code in (302, 400, 403, 404), url
    # (A private note may still be deleted by its author: not tried here.)
    assert _snapshot() == before


def test_a_coordinator_cannot_write_into_a_pairs_notes_or_goals(
    mine: Pair, coordinator: Employee
) -> None:
    theirs = _filled(mine)
    before = _snapshot()
    client = client_for(coordinator)
    p = mine.pk
    for url, data in [
        (reverse("relationships:goals", args=[p]), {"owner": mine.mentee.pk, "title": "New"}),
        (reverse("relationships:goal_update", args=[p, theirs["goal"].pk]), {"title": "x"}),
        (reverse("relationships:goal_delete", args=[p, theirs["goal"].pk]), {}),
        (reverse("relationships:milestone_toggle", args=[p, theirs["milestone"].pk]), {"done": 1}),
        (reverse("relationships:shared_note_create", args=[p]), {"shared-body": "x"}),
        (
            reverse("relationships:shared_note_edit", args=[p, theirs["shared"].pk]),
            {f"shared-{theirs['shared'].pk}-body": "x"},
        ),
        (reverse("relationships:action_item_toggle", args=[p, theirs["item"].pk]), {"done": 1}),
        (_propose_url(mine), _proposal()),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before


# --- CSRF ------------------------------------------------------------------------------------


def _views(resolver: URLResolver, prefix: str = "") -> list[tuple[str, Callable[..., Any]]]:
    found: list[tuple[str, Callable[..., Any]]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _views(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.callback))
    return found


def test_no_workspace_view_is_csrf_exempt() -> None:
    for route, view in _views(get_resolver()):
        if route.startswith(("pairs/", "matching/")):
            assert not getattr(view, "csrf_exempt", False), route


def test_workspace_posts_need_a_csrf_token(mine: Pair) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_of(mine.mentor))
    for url in (
        _propose_url(mine),
        reverse("relationships:goals", args=[mine.pk]),
        reverse("relationships:shared_note_create", args=[mine.pk]),
        reverse("relationships:private_note_create", args=[mine.pk]),
        reverse("relationships:safety_request_new", args=[mine.pk]),
        reverse("relationships:calendar_feed"),
    ):
        assert client.post(url, {}).status_code == 403, url
    assert not CalendarFeed.objects.exists()


# --- The audit trail, when the partner is an organisation admin -------------------------


def test_an_admin_partner_cannot_learn_from_the_audit_trail_who_asked_a_way_out(
    mine: Pair,
) -> None:
    from remento.people.models import Role

    asker, partner = mine.mentor, mine.mentee
    Employee.objects.filter(pk=partner.pk).update(role=Role.ADMIN)
    safety_request_create(actor=user_of(asker), pair=mine, wish="end", reason="fit")
    checkin = open_checkin(mine, asker)
    private_note_save(actor=user_of(asker), pair=mine, body="Mine")
    client = client_for(partner)
    page = client.get(reverse("people:audit_list")).content.decode().lower()
    export = b"".join(client.get(reverse("people:audit_export"))).decode().lower()
    for text in (page, export):
        assert "safety" not in text
        assert "private note" not in text
        assert "private_note" not in text
    verbs = client.get(reverse("people:audit_list"), {"verb": "safety_request.create"})
    # Only the filter the viewer typed comes back (in the export link), no event.
    text = verbs.content.decode().lower().replace("verb=safety_request.create", "")
    assert "safety" not in text
    assert checkin.pk


def test_an_admin_cannot_export_the_data_of_their_own_partner(mine: Pair, admin: Employee) -> None:
    from django.core.exceptions import PermissionDenied

    from remento.people.models import Role
    from remento.people.services.personal_export import personal_data_export

    asker, partner = mine.mentor, mine.mentee
    Employee.objects.filter(pk=partner.pk).update(role=Role.ADMIN)
    partner.refresh_from_db()
    safety_request_create(actor=user_of(asker), pair=mine, wish="end", reason="fit", details=SECRET)
    private_note_save(actor=user_of(asker), pair=mine, body=SECRET)
    with pytest.raises(PermissionDenied):
        personal_data_export(actor=user_of(partner), employee=asker)
    client = client_for(partner)
    for name in ("people:person_data", "people:person_data_json"):
        response = client.get(reverse(name, args=[asker.pk]))
        assert response.status_code == 403, name
        assert SECRET.encode() not in response.content
        assert b"ask another admin" in response.content
    # Another admin still can, and the partner still exports other people.
    assert SECRET in str(personal_data_export(actor=user_of(admin), employee=asker).as_json())
    personal_data_export(actor=user_of(partner), employee=admin)


@pytest.mark.parametrize("role", ["participant", "coordinator", "admin"])
def test_the_partners_pages_are_the_same_whether_or_not_the_other_asked(
    mine: Pair, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    """Not only the words: nothing on the partner's pages changes (a count, a badge, a
    state) when the other asks for a way out, answers a check-in or writes a private note;
    also when the partner is a coordinator or an admin, on the program's pages too."""
    import re

    asker, partner = mine.mentor, mine.mentee
    Employee.objects.filter(pk=partner.pk).update(role=role)
    client = client_for(partner)
    urls = [
        reverse("relationships:pair_detail", args=[mine.pk]),
        reverse("relationships:notes", args=[mine.pk]),
        reverse("relationships:checkins:list", args=[mine.pk]),
        reverse("relationships:pair_health", args=[mine.pk]),
        reverse("relationships:goals", args=[mine.pk]),
        reverse("relationships:my_pairs"),
        reverse("relationships:my_safety_requests"),
        "/",
    ]
    if role != "participant":
        program = mine.program.pk
        urls += [
            reverse("relationships:checkins:program", args=[program]),
            reverse("relationships:program_safety_requests", args=[program]),
            reverse("relationships:health_board", args=[program]),
            reverse("relationships:program_pairs", args=[program]),
        ]
    if role == "admin":
        urls += [reverse("people:audit_list")]
    # The form tokens, and the partner's local time on the home page (a clock, which may
    # pass a minute between the two readings).
    token = re.compile(r'(csrfmiddlewaretoken" value="|CSRFToken": ")[^"]+|\d\d:\d\d there now')

    def pages() -> list[str]:
        responses = [client.get(url) for url in urls]
        assert [r.status_code for r in responses] == [200] * len(urls)
        return [token.sub("", r.content.decode()) for r in responses]

    before = pages()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        safety_request_create(actor=user_of(asker), pair=mine, wish="end", reason="fit")
        private_note_save(actor=user_of(asker), pair=mine, body="Mine")
        checkin = open_checkin(mine, asker)
        CheckIn.objects.filter(pk=checkin.pk).update(
            status=CheckInStatus.ANSWERED, rating=1, answered_at=timezone.now()
        )
    for url, old, new in zip(urls, before, pages(), strict=True):
        assert old == new, url
    assert all(partner.email not in message.to for message in mail.outbox)


def test_the_django_admin_has_no_workspace_model(mine: Pair) -> None:
    """Staff (even superusers) find no notes, check-ins, requests, goals or meetings in the
    Django admin: those are the pair's and the coordinators' only."""
    from django.contrib import admin as django_admin

    from remento.relationships.checkins.models import CheckInQuestion
    from remento.relationships.safety.models import SafetyReply

    for model in (
        SharedNote,
        PrivateNote,
        ActionItem,
        CheckIn,
        CheckInQuestion,
        SafetyRequest,
        SafetyReply,
        Goal,
        Milestone,
        Meeting,
        CalendarFeed,
    ):
        assert not django_admin.site.is_registered(model), model
    staff = user_of(mine.mentor)
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    page = client.get("/admin/").content.decode()
    for word in ("Safety", "Check in", "Private note", "Shared note", "Calendar feed"):
        assert word not in page


@pytest.mark.parametrize(
    "fields",
    [
        {"day": (timezone.localdate() - dt.timedelta(days=2)).isoformat()},
        {"duration_minutes": 0},
        {"duration_minutes": 10000},
        {"at": "25:00"},
    ],
)
def test_a_meeting_cannot_be_moved_to_a_bad_time(mine: Pair, fields: dict[str, Any]) -> None:
    meeting = Meeting.objects.create(
        pair=mine,
        starts_at=timezone.now() + dt.timedelta(days=9),
        duration_minutes=45,
        timezone="UTC",
        organizer=mine.mentor,
        proposed_by=mine.mentor,
        status=MeetingStatus.PROPOSED,
    )
    before = _snapshot()
    url = reverse("relationships:meetings:counter", args=[mine.pk, meeting.pk])
    data = {"day": next_weekday().isoformat(), "at": "10:00", "duration_minutes": 30} | fields
    response = client_for(mine.mentee).post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert _snapshot() == before


def test_a_meeting_to_come_cannot_be_logged(mine: Pair) -> None:
    meeting = Meeting.objects.create(
        pair=mine,
        starts_at=timezone.now() + dt.timedelta(days=9),
        duration_minutes=45,
        timezone="UTC",
        organizer=mine.mentor,
        proposed_by=mine.mentor,
        status=MeetingStatus.CONFIRMED,
    )
    before = _snapshot()
    url = reverse("relationships:meetings:log", args=[mine.pk, meeting.pk])
    data = {"outcome": "held", "held_minutes": 30, "topics": "Early", "missed_by": ""}
    assert client_for(mine.mentee).post(url, data).status_code == 400
    assert _snapshot() == before


@pytest.mark.parametrize("how", ["left", "account_off"])
def test_the_feed_stops_when_its_person_leaves_or_loses_their_account(mine: Pair, how: str) -> None:
    from remento.core.models import User

    calendar_feed_reset(actor=user_of(mine.mentor))
    url = _feed_url(CalendarFeed.objects.get(employee=mine.mentor).key)
    client = Client()
    assert client.get(url).status_code == 200
    if how == "left":
        Employee.objects.filter(pk=mine.mentor.pk).update(left_at=timezone.now())
    else:
        User.objects.filter(pk=user_of(mine.mentor).pk).update(is_active=False)
    assert client.get(url).status_code == 404


def test_html_in_confidential_words_is_escaped_for_the_coordinators(
    mine: Pair, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = safety_request_create(
            actor=user_of(mine.mentor), pair=mine, wish="end", reason="other", details=XSS
        )
    checkin = open_checkin(mine, mine.mentor)
    CheckIn.objects.filter(pk=checkin.pk).update(
        status=CheckInStatus.ANSWERED, rating=2, comments=XSS, answered_at=timezone.now()
    )
    client = client_for(coordinator)
    for url in (
        reverse("relationships:safety_request", args=[request.pk]),
        reverse("relationships:program_safety_requests", args=[mine.program.pk]),
        reverse("relationships:checkins:program", args=[mine.program.pk]),
        reverse("relationships:checkins:list", args=[mine.pk]),
        reverse("relationships:safety_request", args=[request.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
    assert (
        "&lt;script&gt;"
        in client.get(reverse("relationships:safety_request", args=[request.pk])).content.decode()
    )
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert "<script>alert" not in str(content)
