"""The coordinator's requests page and the reminders sent from it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching import overview
from remento.matching.models import MentorRequest, Nudge, RequestStatus
from remento.matching.services.nudges import nudge_send
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program, Status
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.matching.helpers import enroll, make_program, person, small_pool


@pytest.fixture
def choice_program(organization: Organization) -> Program:
    return make_program(organization, matching_mode=MatchingMode.CHOICE)


def _request(program: Program, mentee: Employee, mentor: Employee, **fields: Any) -> MentorRequest:
    values: dict[str, Any] = {"rank": 1, "expires_at": timezone.now() + timedelta(days=7)}
    values.update(fields)
    return MentorRequest.objects.create(program=program, mentee=mentee, mentor=mentor, **values)


def _overview_url(program: Program, **query: str) -> str:
    url = reverse("matching:requests_overview", args=[program.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_page_shows_waiting_and_expired_requests_unchosen_mentees_and_places_left(
    coordinator_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    _request(choice_program, people["x1"], people["a1"])
    _request(
        choice_program,
        people["x2"],
        people["a2"],
        status=RequestStatus.EXPIRED,
        expires_at=timezone.now() - timedelta(days=1),
    )
    Pair.objects.create(
        program=choice_program, mentor=people["a3"], mentee=people["x3"], source="choice"
    )

    waiting = coordinator_client.get(_overview_url(choice_program)).text
    expired = coordinator_client.get(_overview_url(choice_program, view="expired")).text

    assert "Waiting for an answer (1)" in waiting
    assert "Expired unanswered (1)" in waiting
    assert "Xavier1 Mentee" in waiting
    assert "Remind the mentor" in waiting
    assert "Xavier2 Mentee" in expired
    assert "Xavier1 Mentee" not in expired.split("Mentees who")[0]
    # x2's request expired: they have not chosen; x1 waits, x3 is paired.
    unchosen = waiting.split("Mentees who have not chosen yet")[1].split("Mentors' places")[0]
    assert "Xavier2 Mentee" in unchosen
    assert "Xavier1 Mentee" not in unchosen
    assert "Xavier3 Mentee" not in unchosen
    assert "Mentees who have not chosen yet (1)" in waiting
    places = waiting.split("Mentors' places")[1]
    assert "Ada3 Mentor" in places
    assert "Full" in places


def test_a_closed_program_offers_no_reminder_it_would_refuse(
    coordinator_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    _request(choice_program, people["x1"], people["a1"])
    Pair.objects.create(
        program=choice_program,
        mentor=people["a3"],
        mentee=people["x3"],
        source="choice",
        status="closed",
    )
    Program.objects.filter(pk=choice_program.pk).update(status=Status.CLOSED)

    page = coordinator_client.get(_overview_url(choice_program)).text

    # Where each person stood: x3's pair has closed with the program, yet x3 had a mentor.
    never = page.split("Mentees who never had a mentor")[1].split("Mentors' places")[0]
    assert "Xavier2 Mentee" in never
    assert "Xavier3 Mentee" not in never
    places = page.split("Mentors' places")[1]
    assert "Full" in places.split("Ada3 Mentor")[1].split("</tr>")[0]
    assert "Remind to choose" not in page
    assert "Remind the mentor" not in page
    assert reverse("matching:nudge", args=[choice_program.pk]) not in page
    assert "no reminder is sent" in page


def test_an_overdue_request_counts_as_expired_and_its_mentee_as_not_chosen(
    coordinator_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    _request(
        choice_program, people["x1"], people["a1"], expires_at=timezone.now() - timedelta(hours=1)
    )

    page = coordinator_client.get(_overview_url(choice_program)).text

    assert "Waiting for an answer (0)" in page
    assert "Expired unanswered (1)" in page
    assert "Mentees who have not chosen yet (3)" in page


def test_the_lists_are_paginated_in_a_fixed_number_of_queries(
    coordinator_client: Client, choice_program: Program, django_assert_num_queries: Any
) -> None:
    def grow(count: int, start: int) -> None:
        for i in range(start, start + count):
            mentee = person(choice_program.organization, first_name=f"M{i:03}", level=9)
            mentor = person(choice_program.organization, first_name=f"T{i:03}", level=2)
            enroll(choice_program, mentee, EnrollmentRole.MENTEE)
            enroll(choice_program, mentor, EnrollmentRole.MENTOR)
            if i % 5 == 0:
                _request(choice_program, mentee, mentor)

    grow(4, start=0)
    with django_assert_num_queries(9):
        view = overview.requests_overview(program=choice_program)
        for page in (view.requests, view.mentees, view.mentors):
            list(page.object_list)
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(_overview_url(choice_program))
    grow(overview.PAGE_SIZE + 10, start=100)
    with django_assert_num_queries(9):
        view = overview.requests_overview(program=choice_program)
        for page in (view.requests, view.mentees, view.mentors):
            list(page.object_list)
    with CaptureQueriesContext(connection) as many:
        page_one = coordinator_client.get(_overview_url(choice_program)).text

    assert len(few) == len(many)
    assert view.mentors.paginator.count == overview.PAGE_SIZE + 14
    assert page_one.count("Remind to choose</button>") == overview.PAGE_SIZE
    second = coordinator_client.get(_overview_url(choice_program, mentees_page="2")).text
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("url_name", ["matching:requests_overview", "matching:nudge"])
def test_another_organisation_gets_404_and_a_participant_403(
    stranger: Employee, mentee_client: Client, choice_program: Program, url_name: str
) -> None:
    url = reverse(url_name, args=[choice_program.pk])
    assert client_for(stranger).get(url).status_code in (404, 405)
    assert client_for(stranger).post(url, {"employee": 1, "kind": "choose"}).status_code == 404
    assert mentee_client.post(url, {"employee": 1, "kind": "choose"}).status_code == 403


def test_the_program_page_links_to_the_requests_page(
    coordinator_client: Client, choice_program: Program
) -> None:
    page = coordinator_client.get(reverse("programs:detail", args=[choice_program.pk])).text
    assert reverse("matching:requests_overview", args=[choice_program.pk]) in page


def test_a_reminder_to_choose_is_emailed_after_commit_audited_and_once_a_day(
    coordinator: Employee,
    coordinator_client: Client,
    choice_program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people = small_pool(choice_program)
    url = reverse("matching:nudge", args=[choice_program.pk])
    data = {"employee": people["x1"].pk, "kind": "choose", "back": "mentees_page=1&next=//evil"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == _overview_url(choice_program, mentees_page="1")
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["xavier1@acme.example"]]
    assert "choose your mentor" in mail.outbox[0].subject
    assert reverse("matching:choose", args=[choice_program.pk]) in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="mentor_request.nudge").count() == 1

    page = coordinator_client.get(_overview_url(choice_program)).text
    assert page.count("Remind to choose</button>") == 2  # x2 and x3; x1 reads "Reminded …"
    again = coordinator_client.post(url, data, follow=True)
    assert "you can remind them again from" in again.text
    assert Nudge.objects.count() == 1
    assert len(mail.outbox) == 1

    later = time_machine.travel(timezone.now() + timedelta(hours=25))
    with later, django_capture_on_commit_callbacks(execute=True):
        nudge_send(
            actor=coordinator.user, program=choice_program, employee=people["x1"], kind="choose"
        )
    assert Nudge.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_mentor_is_reminded_of_the_requests_waiting_for_their_answer(
    coordinator: Employee, choice_program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    people = small_pool(choice_program)
    _request(choice_program, people["x1"], people["a1"])

    with django_capture_on_commit_callbacks(execute=True):
        nudge_send(
            actor=coordinator.user, program=choice_program, employee=people["a1"], kind="answer"
        )

    assert mail.outbox[0].to == ["ada1@acme.example"]
    assert "Xavier1 Mentee, answer by" in mail.outbox[0].body


def test_no_reminder_for_someone_who_does_not_need_one(
    coordinator: Employee, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    _request(choice_program, people["x1"], people["a1"])

    with pytest.raises(ServiceError, match="has chosen"):
        nudge_send(
            actor=coordinator.user, program=choice_program, employee=people["x1"], kind="choose"
        )
    with pytest.raises(ServiceError, match="No request is waiting"):
        nudge_send(
            actor=coordinator.user, program=choice_program, employee=people["a2"], kind="answer"
        )
    with pytest.raises(ServiceError, match="not enrolled as a mentor"):
        nudge_send(
            actor=coordinator.user, program=choice_program, employee=people["x2"], kind="answer"
        )
    assert not Nudge.objects.exists()
    assert not mail.outbox


def test_a_person_of_another_organisation_cannot_be_reminded(
    coordinator_client: Client, stranger: Employee, choice_program: Program
) -> None:
    small_pool(choice_program)
    url = reverse("matching:nudge", args=[choice_program.pk])

    response = coordinator_client.post(url, {"employee": stranger.pk, "kind": "choose"})

    assert response.status_code == 404
    assert not Nudge.objects.exists()


def test_a_participant_cannot_send_a_reminder_through_the_service(
    mentee: Employee, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    with pytest.raises(PermissionDenied, match="coordinators"):
        nudge_send(actor=mentee.user, program=choice_program, employee=people["x1"], kind="choose")
