"""Participant choice: request, accept, decline, withdraw, capacity, expiry, next choice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.enrollment.models import Enrollment
from remento.matching.adapters import mentee_suggestions
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.expiry import mentor_requests_expire
from remento.matching.services.requests import (
    mentor_request_accept,
    mentor_request_create,
    mentor_request_decline,
    mentor_request_withdraw,
)
from remento.matching.tasks import EXPIRY_SLACK, expire_requests, schedule_expiry
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program
from remento.relationships.models import Pair, PairSource
from tests.factories import user_of as _user
from tests.matching.helpers import make_program, small_pool, teach


@pytest.fixture
def choice_program(organization: Any) -> Program:
    return make_program(organization, matching_mode=MatchingMode.CHOICE, request_expiry_days=7)


@pytest.fixture
def people(choice_program: Program) -> dict[str, Employee]:
    return small_pool(choice_program, user=True)


def _ask(people: dict[str, Employee], program: Program, mentee: str, mentor: str) -> MentorRequest:
    return mentor_request_create(
        actor=_user(people[mentee]), program=program, mentor=people[mentor], message="Hello!"
    )


def test_suggestions_rank_the_mentor_who_teaches_what_the_mentee_wants_first(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    found = mentee_suggestions(program=choice_program, mentee=people["x2"])

    assert found[0].mentor_id == people["a2"].pk
    assert [s.rank for s in found] == [1, 2, 3]
    assert found[0].reasons


def test_request_reaches_the_mentor_by_email(
    choice_program: Program, people: dict[str, Employee], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(people, choice_program, "x1", "a1")

    assert request.status == RequestStatus.PENDING
    assert request.rank == 1
    assert request.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert [m.to for m in mail.outbox] == [[people["a1"].email]]
    assert "Hello!" in mail.outbox[0].body


def test_a_mentee_has_one_waiting_request_at_a_time(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    _ask(people, choice_program, "x1", "a1")

    with pytest.raises(ServiceError, match="already asked Ada1"):
        _ask(people, choice_program, "x1", "a2")
    assert MentorRequest.objects.count() == 1


def test_a_mentor_in_the_reporting_line_cannot_be_asked(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    Employee.objects.filter(pk=people["a1"].pk).update(manager=people["x1"])

    with pytest.raises(ServiceError, match="not among your available mentors"):
        _ask(people, choice_program, "x1", "a1")


def test_accepting_creates_the_pair_and_tells_the_mentee(
    choice_program: Program, people: dict[str, Employee], django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(people, choice_program, "x1", "a1")

    with django_capture_on_commit_callbacks(execute=True):
        pair = mentor_request_accept(actor=_user(people["a1"]), request=request, message="Yes!")

    assert (pair.mentor, pair.mentee, pair.source) == (people["a1"], people["x1"], "choice")
    assert pair.reasons == request.reasons
    request.refresh_from_db()
    assert (request.status, request.pair, request.response) == ("accepted", pair, "Yes!")
    assert [m.to for m in mail.outbox] == [[people["x1"].email]]


def test_only_the_mentor_asked_may_answer(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")

    with pytest.raises(PermissionDenied):
        mentor_request_accept(actor=_user(people["a2"]), request=request)
    with pytest.raises(PermissionDenied):
        mentor_request_accept(actor=_user(people["x1"]), request=request)
    assert not Pair.objects.exists()


def test_declining_frees_the_mentee_to_ask_someone_else(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")

    mentor_request_decline(actor=_user(people["a1"]), request=request, message="I am away.")

    request.refresh_from_db()
    assert (request.status, request.response) == ("declined", "I am away.")
    suggested = [
        s.mentor_id
        for s in mentee_suggestions(
            program=choice_program, mentee=people["x1"], exclude_mentor_ids={people["a1"].pk}
        )
    ]
    assert people["a1"].pk not in suggested
    assert _ask(people, choice_program, "x1", "a2").status == "pending"


def test_the_mentee_can_withdraw_a_waiting_request(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")
    with pytest.raises(PermissionDenied):
        mentor_request_withdraw(actor=_user(people["a1"]), request=request)

    mentor_request_withdraw(actor=_user(people["x1"]), request=request)

    request.refresh_from_db()
    assert request.status == "withdrawn"
    with pytest.raises(ServiceError, match="withdrawn already"):
        mentor_request_accept(actor=_user(people["a1"]), request=request)


def test_capacity_holds_when_a_full_mentor_accepts_again(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    first = _ask(people, choice_program, "x1", "a1")
    mentor_request_accept(actor=_user(people["a1"]), request=first)
    # A request that slipped in as the mentor became full (what a race would leave).
    late = MentorRequest.objects.create(
        program=choice_program,
        mentee=people["x2"],
        mentor=people["a1"],
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )

    with pytest.raises(ServiceError, match="your limit"):
        mentor_request_accept(actor=_user(people["a1"]), request=late)
    assert Pair.objects.filter(mentor=people["a1"]).count() == 1


def test_a_mentor_who_becomes_full_declines_the_rest_and_they_move_on(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    first = _ask(people, choice_program, "x1", "a1")
    waiting = _ask(people, choice_program, "x2", "a1")

    mentor_request_accept(actor=_user(people["a1"]), request=first)

    waiting.refresh_from_db()
    assert waiting.status == "declined"
    moved = MentorRequest.objects.get(mentee=people["x2"], status="pending")
    assert moved.mentor == people["a2"]  # x2's best remaining mentor
    assert moved.automatic


def test_a_mentor_with_room_for_two_takes_two(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    Enrollment.objects.filter(employee=people["a1"]).update(capacity=2)
    teach(people["a1"], genai=5)
    first = _ask(people, choice_program, "x1", "a1")
    second = _ask(people, choice_program, "x2", "a1")

    mentor_request_accept(actor=_user(people["a1"]), request=first)
    mentor_request_accept(actor=_user(people["a1"]), request=second)

    assert Pair.objects.filter(mentor=people["a1"]).count() == 2


def test_an_unanswered_request_expires_and_goes_to_the_next_choice(
    choice_program: Program, people: dict[str, Employee], django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(people, choice_program, "x1", "a1")
    mail.outbox.clear()

    with (
        time_machine.travel(timezone.now() + timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        expired = mentor_requests_expire()

    assert expired == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    following = MentorRequest.objects.get(mentee=people["x1"], status="pending")
    assert following.mentor != people["a1"]
    assert following.automatic
    assert following.message == "Hello!"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [following.mentor.email, people["x1"].email]
    )


def test_requests_before_their_deadline_stay_waiting(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")

    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert mentor_requests_expire() == 0

    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_expiry_with_no_mentor_left_tells_the_mentee(
    choice_program: Program, people: dict[str, Employee], django_capture_on_commit_callbacks: Any
) -> None:
    for name in ("a2", "a3"):
        Enrollment.objects.filter(employee=people[name]).update(status="withdrawn")
    _ask(people, choice_program, "x1", "a1")
    mail.outbox.clear()

    with (
        time_machine.travel(timezone.now() + timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mentor_requests_expire()

    assert not MentorRequest.objects.filter(status="pending").exists()
    assert [m.to for m in mail.outbox] == [[people["x1"].email]]
    assert "No other mentor" in mail.outbox[0].body


def test_an_expired_request_cannot_be_accepted(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")

    with (
        time_machine.travel(timezone.now() + timedelta(days=8)),
        pytest.raises(ServiceError, match="expired"),
    ):
        mentor_request_accept(actor=_user(people["a1"]), request=request)
    assert not Pair.objects.exists()


def test_a_mentee_with_a_mentor_cannot_ask_again(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    Pair.objects.create(
        program=choice_program, mentor=people["a2"], mentee=people["x1"], source=PairSource.BULK
    )

    with pytest.raises(ServiceError, match="already have a mentor"):
        _ask(people, choice_program, "x1", "a1")


def test_bulk_programs_have_no_choice(organization: Any) -> None:
    program = make_program(organization)
    people = small_pool(program, user=True)

    with pytest.raises(ServiceError, match="coordinator makes the pairs"):
        _ask(people, program, "x1", "a1")


def test_a_mentee_who_left_the_program_cannot_be_accepted(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")
    # Left by a path that did not close the request (the withdrawal service now does).
    Enrollment.objects.filter(employee=people["x1"]).update(status="withdrawn")

    with pytest.raises(ServiceError, match="no longer enrolled"):
        mentor_request_accept(actor=_user(people["a1"]), request=request)
    assert not Pair.objects.exists()
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING


def test_a_mentor_who_left_the_program_cannot_accept(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")
    Enrollment.objects.filter(employee=people["a1"]).update(status="withdrawn")

    with pytest.raises(ServiceError, match="no longer enrolled as a mentor"):
        mentor_request_accept(actor=_user(people["a1"]), request=request)
    assert not Pair.objects.exists()


def test_accepting_is_refused_once_the_program_has_its_pairs_at_once(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")
    Program.objects.filter(pk=choice_program.pk).update(max_pairs=1)
    Pair.objects.create(
        program=choice_program, mentor=people["a2"], mentee=people["x2"], source=PairSource.BULK
    )

    with pytest.raises(ServiceError, match="is full: it has 1 pair at once"):
        mentor_request_accept(actor=_user(people["a1"]), request=request)
    assert Pair.objects.filter(program=choice_program).count() == 1
    assert MentorRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING


def test_asking_is_refused_once_the_program_is_full(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    Program.objects.filter(pk=choice_program.pk).update(max_pairs=1)
    Pair.objects.create(
        program=choice_program, mentor=people["a2"], mentee=people["x2"], source=PairSource.BULK
    )

    with pytest.raises(ServiceError, match="is full"):
        _ask(people, choice_program, "x1", "a1")
    assert not MentorRequest.objects.exists()


def test_asking_in_a_closed_program_is_refused(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    Program.objects.filter(pk=choice_program.pk).update(status="closed")

    with pytest.raises(ServiceError, match="is closed: it makes no more pairs"):
        _ask(people, choice_program, "x1", "a1")
    assert not MentorRequest.objects.exists()


def test_a_new_request_schedules_its_own_expiry_for_the_worker(
    choice_program: Program,
    people: dict[str, Employee],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(people, choice_program, "x1", "a1")

    queued = [r for r in expire_requests.get_backend().results if r.task.name == "expire_requests"]
    assert len(queued) == 1
    assert queued[0].task.run_after == request.expires_at + EXPIRY_SLACK


def test_without_a_worker_that_can_wait_nothing_is_scheduled(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    # The tests' immediate backend runs tasks at once or never: the pages expire instead.
    assert schedule_expiry(timezone.now() + timedelta(days=7)) is False


def test_the_scheduled_task_expires_the_request_at_its_deadline(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")

    with time_machine.travel(request.expires_at + EXPIRY_SLACK):
        assert expire_requests.call() == 1

    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert MentorRequest.objects.get(mentee=people["x1"], status="pending").automatic


def test_no_next_choice_is_sent_when_the_program_is_full(
    choice_program: Program, people: dict[str, Employee]
) -> None:
    request = _ask(people, choice_program, "x1", "a1")
    Program.objects.filter(pk=choice_program.pk).update(max_pairs=1)
    Pair.objects.create(
        program=choice_program, mentor=people["a2"], mentee=people["x2"], source=PairSource.BULK
    )

    with time_machine.travel(request.expires_at + EXPIRY_SLACK):
        mentor_requests_expire()

    assert not MentorRequest.objects.filter(status=RequestStatus.PENDING).exists()
