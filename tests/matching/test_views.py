"""Matching pages: who may open them, and what they do."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching import selectors
from remento.matching.models import MatchRun, MentorRequest, RequestStatus
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program, Status
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.matching.helpers import compute_preview, enroll, make_program, small_pool

COORDINATOR_PAGES = ["matching:preview", "matching:run_review"]
COORDINATOR_POSTS = ["matching:run_start", "matching:weights_update"]


@pytest.mark.parametrize("name", COORDINATOR_PAGES + COORDINATOR_POSTS)
def test_a_stranger_gets_404_on_coordinator_pages(
    stranger: Employee, program: Program, name: str
) -> None:
    response = client_for(stranger).post(reverse(name, args=[program.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", COORDINATOR_PAGES + COORDINATOR_POSTS)
def test_a_participant_gets_403_on_coordinator_pages(
    mentee_client: Client, program: Program, name: str
) -> None:
    assert mentee_client.post(reverse(name, args=[program.pk])).status_code == 403


def test_review_page_runs_swaps_and_publishes(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = reverse("matching:run_review", args=[program.pk])
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, on commit
        response = coordinator_client.post(reverse("matching:run_start", args=[program.pk]))
    assert response.status_code == 302
    run = MatchRun.objects.get()
    response = coordinator_client.get(page)
    assert response.status_code == 200
    for name in ("Ada1 Mentor", "Xavier3 Mentee", "Score distribution", "Unmatched"):
        assert name in response.text

    one = run.proposals.get(mentee=pool["x1"])
    two = run.proposals.get(mentee=pool["x2"])
    response = coordinator_client.post(
        reverse("matching:proposal_swap", args=[program.pk, run.pk]),
        {"first": one.pk, "second": two.pk},
        follow=True,
    )
    assert "Swapped." in response.text
    one.refresh_from_db()
    assert one.mentor == pool["a2"]

    coordinator_client.post(
        reverse("matching:run_publish", args=[program.pk, run.pk]), {"scope": "all"}
    )
    coordinator_client.post(
        reverse("matching:run_publish", args=[program.pk, run.pk]), {"scope": "all"}
    )
    assert Pair.objects.filter(program=program).count() == 3


def _weights_panel(page: str) -> str:
    """The opening tag of the page's weights panel."""
    return page[page.index('<details class="panel weights-panel"') :].split(">", 1)[0]


def test_the_pairs_come_first_once_a_run_exists_and_the_weights_fold_away(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    page_url = reverse("matching:run_review", args=[program.pk])
    before = coordinator_client.get(page_url).text
    assert " open" in _weights_panel(before)  # nothing to review: the weights are the page
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("matching:run_start", args=[program.pk]))

    after = coordinator_client.get(page_url).text
    bad = {**{k: str(v) for k, v in program.weights.items()}, "skills": "-1"}
    refused = coordinator_client.post(reverse("matching:weights_update", args=[program.pk]), bad)

    assert " open" not in _weights_panel(after)
    assert after.index("Run matching") < after.index('id="run-heading"')
    assert " open" in _weights_panel(refused.text)  # the error is shown, not folded away


def test_bad_weights_show_the_error_and_save_nothing(
    coordinator_client: Client, program: Program
) -> None:
    data = {**{k: str(v) for k, v in program.weights.items()}, "skills": "-1"}

    response = coordinator_client.post(reverse("matching:weights_update", args=[program.pk]), data)

    assert response.status_code == 400
    assert "greater than or equal to 0" in response.text
    program.refresh_from_db()
    assert program.weights["skills"] == 5.0
    assert not MatchRun.objects.exists()


def test_saving_weights_reruns_the_matching(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    data = {**{k: str(v) for k, v in program.weights.items()}, "skills": "9"}

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("matching:weights_update", args=[program.pk]), data)

    program.refresh_from_db()
    assert program.weights["skills"] == 9.0
    assert MatchRun.objects.get().settings_snapshot["weights"]["skills"] == 9.0


def test_preview_of_a_draft_uses_the_eligible_population_and_writes_nothing(
    coordinator_client: Client, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    program = make_program(organization, status=Status.DRAFT)
    small_pool(make_program(organization, name="Other"))  # people exist, none enrolled here
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)

    response = coordinator_client.get(reverse("matching:preview", args=[program.pk]))

    assert response.status_code == 200
    assert "Nobody is enrolled yet" in response.text
    assert "Top pairs" in response.text
    assert not MatchRun.objects.exists()
    assert not Pair.objects.exists()


@pytest.fixture
def choice_program(organization: Organization) -> Program:
    return make_program(organization, matching_mode=MatchingMode.CHOICE)


def test_mentee_sees_suggestions_and_requests_a_mentor(
    mentee: Employee, mentee_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)

    page = mentee_client.get(reverse("matching:choose", args=[choice_program.pk]))
    assert page.status_code == 200
    assert "Ada1 Mentor" in page.text

    url = reverse("matching:request_create", args=[choice_program.pk, people["a1"].pk])
    response = mentee_client.post(url, {"message": "Hi"})
    assert response.status_code == 302
    assert MentorRequest.objects.get().mentor == people["a1"]


def test_a_mentor_of_another_program_cannot_be_requested(
    mentee: Employee, mentee_client: Client, choice_program: Program, organization: Organization
) -> None:
    other = small_pool(make_program(organization, name="Other"))
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)

    url = reverse("matching:request_create", args=[choice_program.pk, other["a1"].pk])
    assert mentee_client.post(url, {"message": "Hi"}).status_code == 404


def test_mentor_accepts_from_the_inbox(
    mentor: Employee, mentee: Employee, mentor_client: Client, choice_program: Program
) -> None:
    enroll(choice_program, mentor, EnrollmentRole.MENTOR)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    request = MentorRequest.objects.create(
        program=choice_program,
        mentee=mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )
    assert (
        "Martin Senior"
        in mentor_client.get(reverse("matching:inbox", args=[choice_program.pk])).text
    )

    mentor_client.post(
        reverse("matching:request_answer", args=[request.pk]),
        {"decision": "accept", "message": "Welcome"},
    )

    assert Pair.objects.get().mentee == mentee


def test_only_the_two_people_see_a_request(
    mentor: Employee,
    mentee: Employee,
    coordinator_client: Client,
    mentee_client: Client,
    choice_program: Program,
) -> None:
    request = MentorRequest.objects.create(
        program=choice_program,
        mentee=mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )
    answer = reverse("matching:request_answer", args=[request.pk])

    assert coordinator_client.post(answer, {"decision": "accept"}).status_code == 404
    # The mentee may see it but not answer it in the mentor's place.
    assert mentee_client.post(answer, {"decision": "accept"}).status_code == 403
    assert not Pair.objects.exists()


def test_a_stranger_cannot_open_the_choice_pages(
    stranger: Employee, choice_program: Program
) -> None:
    client = client_for(stranger)
    for name in ("matching:choose", "matching:inbox"):
        assert client.get(reverse(name, args=[choice_program.pk])).status_code == 404


def test_the_choice_pages_show_an_overdue_request_as_expired_without_writing(
    mentor: Employee,
    mentee: Employee,
    mentee_client: Client,
    mentor_client: Client,
    choice_program: Program,
) -> None:
    enroll(choice_program, mentor, EnrollmentRole.MENTOR)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    request = MentorRequest.objects.create(
        program=choice_program,
        mentee=mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    selectors.mentee_choice(program=choice_program, mentee=mentee)
    selectors.mentor_inbox(program=choice_program, mentor=mentor)
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING

    page = mentee_client.get(reverse("matching:choose", args=[choice_program.pk]))
    inbox = mentor_client.get(reverse("matching:inbox", args=[choice_program.pk]))

    assert page.status_code == 200
    assert "Waiting for" not in page.text
    assert "Expired unanswered" in page.text
    assert "No request is waiting." in inbox.text
    assert "expired unanswered" in inbox.text
    # Pages never write: the expiry task and ``remento expire-requests`` close it.
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING


def test_a_full_program_says_so_instead_of_suggesting_mentors(
    mentee: Employee, mentee_client: Client, choice_program: Program
) -> None:
    people = small_pool(choice_program)
    enroll(choice_program, mentee, EnrollmentRole.MENTEE)
    Program.objects.filter(pk=choice_program.pk).update(max_pairs=1)
    Pair.objects.create(
        program=choice_program, mentor=people["a1"], mentee=people["x1"], source="bulk"
    )

    page = mentee_client.get(reverse("matching:choose", args=[choice_program.pk]))

    assert "is full: it already has its 1 pair at once" in page.text
    assert "Ask Ada2 Mentor" not in page.text


def test_preview_shows_the_cohort_limit_and_the_pairs_left_for_later(
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    Program.objects.filter(pk=program.pk).update(pairs_per_cohort=2)
    compute_preview(coordinator_client, program, django_capture_on_commit_callbacks)

    response = coordinator_client.get(reverse("matching:preview", args=[program.pk]))

    assert "One matching round makes at most 2 pairs" in response.text
    assert "1 more pair would wait for a later round" in response.text
    assert "Beyond this round" in response.text
    assert not MatchRun.objects.exists()
