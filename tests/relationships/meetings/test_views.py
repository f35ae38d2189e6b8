"""The meetings pages: the pair acts; a coordinator reads dates and statuses, not places,
agendas or topics; anyone else gets a 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus
from tests.conftest import client_for
from tests.factories import employee_with_login
from tests.relationships.meetings.conftest import next_weekday, past_meeting


def _list(pair: Pair) -> str:
    return reverse("relationships:meetings:list", kwargs={"pair_pk": pair.pk})


def test_mentee_sees_the_proposal_in_new_york_time_and_accepts_it(
    active_pair: Pair,
    propose: Callable[..., list[Meeting]],
    mentee_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    [meeting] = propose()
    page = mentee_client.get(_list(active_pair)).content.decode()
    assert "Times are in your time zone, America/New_York" in page
    assert "Room 4.2" in page
    assert "Posting on the company network." in page
    local = meeting.starts_at.astimezone(ZoneInfo("America/New_York"))
    assert f"{local:%H:%M}" in page
    assert "Accept" in page
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        response = mentee_client.post(
            reverse("relationships:meetings:answer", args=[active_pair.pk, meeting.pk]),
            {"answer": "accept"},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert len(mail.outbox) == 2


def test_propose_page_sends_the_proposal(
    active_pair: Pair, mentor_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("relationships:meetings:propose", args=[active_pair.pk])
    page = mentor_client.get(url).content.decode()
    assert "Europe/London" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = mentor_client.post(
            url,
            {
                "day": next_weekday().isoformat(),
                "at": "14:00",  # 09:00 for the mentee in New York
                "duration_minutes": "60",
                "video_url": "https://meet.example/x",
                "occurrences": "3",
            },
        )
    assert response.status_code == 302
    assert Meeting.objects.filter(pair=active_pair).count() == 3
    assert len(mail.outbox) == 2


def test_propose_page_shows_what_is_wrong(active_pair: Pair, mentor_client: Client) -> None:
    url = reverse("relationships:meetings:propose", args=[active_pair.pk])
    response = mentor_client.post(
        url, {"day": "2020-01-01", "at": "09:00", "duration_minutes": "60", "occurrences": "1"}
    )
    assert response.status_code == 400
    assert "Choose a time in the future." in response.content.decode()


def test_log_page_logs_a_meeting(active_pair: Pair, mentor_client: Client) -> None:
    meeting = past_meeting(active_pair)
    assert "Log this meeting" in mentor_client.get(_list(active_pair)).content.decode()
    url = reverse("relationships:meetings:log", args=[active_pair.pk, meeting.pk])
    response = mentor_client.post(
        url, {"outcome": "held", "held_minutes": "40", "topics": "Threads and reels."}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_minutes) == ("held", 40)


def test_coordinator_reads_dates_and_statuses_but_not_topics_or_agendas(
    active_pair: Pair, propose: Callable[..., list[Meeting]], coordinator_client: Client
) -> None:
    propose(location="The secret café", agenda="Our private agenda")
    held = past_meeting(active_pair, status=MeetingStatus.HELD)
    Meeting.objects.filter(pk=held.pk).update(held_minutes=35, topics="Very private topics")
    response = coordinator_client.get(_list(active_pair))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lasted 35 minutes" in page
    assert "Proposed" in page
    for secret in ("The secret café", "Our private agenda", "Very private topics"):
        assert secret not in page
    assert "Accept" not in page
    assert "Propose a meeting" not in page
    for name in ("propose",):
        url = reverse(f"relationships:meetings:{name}", args=[active_pair.pk])
        assert coordinator_client.get(url).status_code == 404
    log = reverse("relationships:meetings:log", args=[active_pair.pk, held.pk])
    assert coordinator_client.post(log, {"outcome": "held", "held_minutes": "1"}).status_code == 404


def test_strangers_and_other_participants_get_a_404(
    active_pair: Pair, stranger: Employee, organization: object
) -> None:
    meeting = past_meeting(active_pair)
    olga = employee_with_login(organization=organization, email="olga@acme.example", level=2)
    urls = [
        _list(active_pair),
        reverse("relationships:meetings:propose", args=[active_pair.pk]),
        reverse("relationships:meetings:log", args=[active_pair.pk, meeting.pk]),
        reverse("relationships:meetings:counter", args=[active_pair.pk, meeting.pk]),
    ]
    for person in (stranger, olga):
        client = client_for(person)
        for url in urls:
            assert client.get(url).status_code == 404, url
        answer = reverse("relationships:meetings:answer", args=[active_pair.pk, meeting.pk])
        assert client.post(answer, {"answer": "cancel"}).status_code == 404


def test_a_meeting_of_another_pair_is_a_404(
    active_pair: Pair, mentor_client: Client, organization: object, program: Any
) -> None:
    from remento.relationships.models import PairSource
    from tests.relationships.builders import enroll

    a = employee_with_login(organization=organization, email="a@acme.example", level=2)
    b = employee_with_login(organization=organization, email="b@acme.example", level=8)
    enroll(program, a, "mentor")
    enroll(program, b, "mentee")
    other = Pair.objects.create(program=program, mentor=a, mentee=b, source=PairSource.BULK)
    theirs = past_meeting(other)
    url = reverse("relationships:meetings:log", args=[active_pair.pk, theirs.pk])
    assert mentor_client.get(url).status_code == 404


def test_a_closed_pair_shows_its_meetings_read_only(
    active_pair: Pair, mentor_client: Client
) -> None:
    past_meeting(active_pair)
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)
    page = mentor_client.get(_list(active_pair)).content.decode()
    assert "read-only" in page
    assert "Log this meeting" not in page
    assert "Propose a meeting" not in page


@pytest.mark.parametrize("count", [1, 6])
def test_list_page_queries_do_not_grow_with_meetings(
    active_pair: Pair,
    propose: Callable[..., list[Meeting]],
    mentor_client: Client,
    django_assert_max_num_queries: Any,
    count: int,
) -> None:
    propose(occurrences=count, at=time(9, 0))
    for _ in range(count):
        past_meeting(active_pair, status=MeetingStatus.CANCELLED)
    with django_assert_max_num_queries(12):
        assert mentor_client.get(_list(active_pair)).status_code == 200


def test_answering_with_htmx_swaps_the_meetings_in_place(
    active_pair: Pair, propose: Callable[..., list[Meeting]], mentee_client: Client
) -> None:
    [meeting] = propose()
    response = mentee_client.post(
        reverse("relationships:meetings:answer", args=[active_pair.pk, meeting.pk]),
        {"answer": "accept"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="meetings-board"' in page
    assert "Confirmed (1 meeting). Both of you received the calendar update." in page
    assert "<html" not in page
    # A refusal is said in place too.
    again = mentee_client.post(
        reverse("relationships:meetings:answer", args=[active_pair.pk, meeting.pk]),
        {"answer": "decline"},
        headers={"HX-Request": "true"},
    )
    assert "This meeting is confirmed already." in again.content.decode()


def test_a_time_outside_the_partners_working_day_is_sent_only_once_confirmed(
    active_pair: Pair, mentor_client: Client
) -> None:
    url = reverse("relationships:meetings:propose", args=[active_pair.pk])
    early = {
        "day": next_weekday().isoformat(),
        "at": "09:00",  # 04:00 in New York
        "duration_minutes": "60",
        "agenda": "Hashtags.",
        "occurrences": "1",
    }

    asked = mentor_client.post(url, early)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert "That is 04:00 on Tuesday" in page
    assert "for Martin Senior (America/New_York), outside a working day there." in page
    assert "Send it at this time anyway" in page
    assert "Hashtags." in page  # what was typed stays
    assert not Meeting.objects.filter(pair=active_pair).exists()

    sent = mentor_client.post(url, early | {"outside_hours_ok": "1"})
    assert sent.status_code == 302
    assert Meeting.objects.filter(pair=active_pair).count() == 1


def test_moving_a_meeting_to_the_partners_night_asks_first(
    active_pair: Pair, propose: Callable[..., list[Meeting]], mentee_client: Client
) -> None:
    [meeting] = propose()
    url = reverse("relationships:meetings:counter", args=[active_pair.pk, meeting.pk])
    # 22:00 in New York is 03:00 in London for the mentor.
    late = {"day": next_weekday().isoformat(), "at": "22:00", "duration_minutes": "45"}

    asked = mentee_client.post(url, late)

    assert asked.status_code == 200
    assert "for Maya Junior (Europe/London), outside a working day there." in (
        asked.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.proposed_by_id == active_pair.mentor_id
    moved = mentee_client.post(url, late | {"outside_hours_ok": "1"})
    assert moved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.proposed_by_id == active_pair.mentee_id
