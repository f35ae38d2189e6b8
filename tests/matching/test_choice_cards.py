"""The mentee's suggestion cards and the mentor's inbox: what each reads about the other."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching import selectors
from remento.matching.cards import working_hours_words
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services import requests as choice
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program
from tests.factories import DepartmentFactory
from tests.matching.helpers import enroll, make_program, person, small_pool, teach, want


@pytest.fixture
def choice_program(organization: Organization) -> Program:
    return make_program(organization, matching_mode=MatchingMode.CHOICE)


def _cards(html: str) -> list[str]:
    return re.findall(
        r'<li class="card mentor-card">.*?</li>\s*(?=<li class="card|</ol>)', html, re.S
    )


def test_a_suggestion_card_says_who_the_mentor_is_and_highlights_wanted_skills(
    mentee: Employee, mentee_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    ada = people["a1"]
    ada.title = "Data analyst"
    ada.department = DepartmentFactory(organization=ada.organization, name="Finance")
    ada.bio = "Builds the dashboards everyone quotes; loves short videos."
    ada.save()
    teach(ada, canva=3)
    Enrollment.objects.filter(employee=ada).update(timezone="Europe/Paris")
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)  # Europe/London
    want(mentee, tiktok=5)

    page = mentee_client.get(reverse("matching:choose", args=[choice_program.pk]))

    card = next(c for c in _cards(page.text) if "Ada1 Mentor" in c)
    assert "Data analyst · Finance" in card
    assert "Europe/Paris" in card
    assert "7 working hours in common" in card
    assert "Builds the dashboards everyone quotes" in card
    # The wanted skill is highlighted and listed first; the other is plain.
    assert re.search(r'badge-ok"><strong>Tiktok</strong>.*you want to learn this', card)
    assert card.index("Tiktok") < card.index("Canva")
    assert "<strong>Canva</strong>" not in card
    assert "Can teach the skill Martin Senior wants to learn: Tiktok" in card
    assert "score" not in card.lower()


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        (None, ""),
        (0.0, "No working hours in common"),
        (1.0, "1 working hour in common"),
        (3.0, "3 working hours in common"),
        (2.5, "2.5 working hours in common"),
    ],
)
def test_working_hours_read_as_words(hours: float | None, words: str) -> None:
    assert working_hours_words(hours) == words


def _add_mentors(program: Program, count: int, start: int) -> None:
    for i in range(start, start + count):
        extra = person(program.organization, first_name=f"Extra{i}", last_name="Mentor", level=2)
        teach(extra, **{f"skill{i}": 4})
        extra.department = DepartmentFactory(organization=program.organization)
        extra.save()
        enroll(program, extra, EnrollmentRole.MENTOR)


CHOICE_SELECTOR_QUERIES = 25


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    assert page.status_code == 200
    return len(captured), page.text


def test_the_choose_page_reads_a_fixed_number_of_queries_whatever_the_cards(
    mentee: Employee,
    mentee_client: Client,
    choice_program: Program,
    django_assert_num_queries: Any,
) -> None:
    small_pool(choice_program)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    want(mentee, tiktok=5)
    url = reverse("matching:choose", args=[choice_program.pk])

    with django_assert_num_queries(CHOICE_SELECTOR_QUERIES):
        assert len(selectors.mentee_choice(program=choice_program, mentee=mentee).cards) == 3
    few, few_html = _queries(mentee_client, url)
    _add_mentors(choice_program, 6, start=10)
    with django_assert_num_queries(CHOICE_SELECTOR_QUERIES):
        assert len(selectors.mentee_choice(program=choice_program, mentee=mentee).cards) == 9
    many, many_html = _queries(mentee_client, url)

    # The page around the selector (session, navigation) adds the same queries each time.
    assert few == many
    assert len(_cards(few_html)) == 3
    assert len(_cards(many_html)) == 9


def _request(program: Program, mentee: Employee, mentor: Employee, **fields: Any) -> MentorRequest:
    values: dict[str, Any] = {"rank": 1, "expires_at": timezone.now() + timedelta(days=7)}
    values.update(fields)
    return MentorRequest.objects.create(program=program, mentee=mentee, mentor=mentor, **values)


def test_the_inbox_shows_what_the_mentee_wants_to_learn_and_their_message(
    mentor: Employee, mentee: Employee, mentor_client: Client, choice_program: Program
) -> None:
    enroll(choice_program, mentor, EnrollmentRole.MENTOR)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    teach(mentor, genai=4)
    want(mentee, genai=5, excel=2)
    _request(choice_program, mentee, mentor, message="I'd love help with prompts.")

    page = mentor_client.get(reverse("matching:inbox", args=[choice_program.pk])).text

    assert "Martin Senior wants to learn:" in page
    assert re.search(r'badge-ok"><strong>Genai</strong>.*you teach this', page)
    assert "Excel" in page
    assert "<strong>Excel</strong>" not in page
    assert "I&#x27;d love help with prompts." in page


INBOX_SELECTOR_QUERIES = 5


def test_the_inbox_reads_a_fixed_number_of_queries_whatever_the_requests(
    mentor: Employee,
    mentor_client: Client,
    choice_program: Program,
    django_assert_num_queries: Any,
) -> None:
    enroll(choice_program, mentor, EnrollmentRole.MENTOR)
    url = reverse("matching:inbox", args=[choice_program.pk])

    def ask(count: int, start: int) -> None:
        for i in range(start, start + count):
            someone = person(choice_program.organization, first_name=f"Mentee{i}", level=9)
            want(someone, **{f"topic{i}": 3})
            enroll(choice_program, someone, EnrollmentRole.MENTEE)
            _request(choice_program, someone, mentor, message=f"Hello {i}")

    ask(2, start=0)
    with django_assert_num_queries(INBOX_SELECTOR_QUERIES):
        selectors.mentor_inbox(program=choice_program, mentor=mentor)
    few, _ = _queries(mentor_client, url)
    ask(5, start=10)
    with django_assert_num_queries(INBOX_SELECTOR_QUERIES):
        selectors.mentor_inbox(program=choice_program, mentor=mentor)
    many, html = _queries(mentor_client, url)

    assert few == many
    assert html.count("wants to learn:") == 7


def test_asking_again_closes_the_mentees_own_overdue_request_without_asking_for_them(
    mentee: Employee, choice_program: Program
) -> None:
    people = small_pool(choice_program, user=True)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    overdue = _request(
        choice_program, mentee, people["a1"], expires_at=timezone.now() - timedelta(hours=1)
    )

    made = choice.mentor_request_create(
        actor=mentee.user, program=choice_program, mentor=people["a2"], message="Hi"
    )

    overdue.refresh_from_db()
    assert overdue.status == RequestStatus.EXPIRED
    assert made.mentor == people["a2"]
    assert not made.automatic
    assert MentorRequest.objects.filter(status=RequestStatus.PENDING).count() == 1
