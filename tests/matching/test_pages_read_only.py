"""The choice pages only read: a request past its deadline reads as expired on the page,
and stays for the expiry task (``remento expire-requests``) to close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MentorRequest, RequestStatus
from remento.people.models import Employee
from remento.programs.models import MatchingMode
from tests.matching.helpers import enroll, make_program, small_pool

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def overdue(organization: Organization, mentor: Employee, mentee: Employee) -> MentorRequest:
    program = make_program(organization, matching_mode=MatchingMode.CHOICE)
    small_pool(program)
    enroll(program, mentor, EnrollmentRole.MENTOR)
    enroll(program, mentee, EnrollmentRole.MENTEE)
    return MentorRequest.objects.create(
        program=program,
        mentee=mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() - timedelta(hours=1),
    )


def _writes_of(client: Client, url: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITES)]
    return writes, page.text


def test_the_choose_page_writes_nothing_and_shows_an_overdue_request_as_expired(
    mentee_client: Client, overdue: MentorRequest
) -> None:
    url = reverse("matching:choose", args=[overdue.program_id])

    writes, html = _writes_of(mentee_client, url)

    assert writes == []
    assert RequestStatus.EXPIRED.label in html
    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.PENDING  # the expiry task closes it, not the page


def test_the_inbox_writes_nothing_and_shows_an_overdue_request_as_expired(
    mentor_client: Client, overdue: MentorRequest
) -> None:
    url = reverse("matching:inbox", args=[overdue.program_id])

    writes, html = _writes_of(mentor_client, url)

    assert writes == []
    assert f"{overdue.mentee.display_name}: {RequestStatus.EXPIRED.label.lower()}" in html
    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.PENDING
