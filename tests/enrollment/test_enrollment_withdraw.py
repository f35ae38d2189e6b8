from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.enrollment.models import Enrollment
from remento.enrollment.services import enrollment_withdraw
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.requests import mentor_request_accept, mentor_request_create
from remento.programs.models import MatchingMode, Program, Status
from remento.relationships.models import Pair
from tests.enrollment.conftest import submit
from tests.matching.helpers import make_program as make_matching_program
from tests.matching.helpers import small_pool


def test_a_participant_withdraws_with_a_reason(program: Program, mentee) -> None:
    enrollment = submit(mentee, program)

    enrollment_withdraw(actor=mentee.user, enrollment=enrollment, reason="New job")

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.note) == ("withdrawn", "New job")
    assert AuditEvent.objects.filter(verb="enrollment.withdrawn").get().data["was"] == "enrolled"


def test_a_coordinator_withdraws_someone_for_them(program: Program, mentee, coordinator) -> None:
    enrollment = submit(mentee, program)

    enrollment_withdraw(actor=coordinator.user, enrollment=enrollment)

    assert Enrollment.objects.get().status == "withdrawn"


def test_another_participant_cannot_withdraw_someone(program: Program, mentee, mentor) -> None:
    enrollment = submit(mentee, program)

    with pytest.raises(PermissionDenied):
        enrollment_withdraw(actor=mentor.user, enrollment=enrollment)
    assert Enrollment.objects.get().status == "enrolled"


def test_someone_in_an_open_pair_cannot_withdraw(program: Program, mentee, mentor) -> None:
    enrollment = submit(mentee, program)
    submit(mentor, program)
    Pair.objects.create(program=program, mentor=mentor, mentee=mentee, source="bulk")

    with pytest.raises(ServiceError, match="is in a pair"):
        enrollment_withdraw(actor=mentee.user, enrollment=enrollment)
    assert Enrollment.objects.get(employee=mentee).status == "enrolled"


def test_nobody_withdraws_from_a_closed_program(program: Program, mentee) -> None:
    enrollment = submit(mentee, program)
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)

    with pytest.raises(ServiceError, match="is closed"):
        enrollment_withdraw(actor=mentee.user, enrollment=enrollment)


def _choice_program(organization) -> tuple[Program, dict]:
    program = make_matching_program(organization, matching_mode=MatchingMode.CHOICE)
    return program, small_pool(program, user=True)


def test_a_mentee_who_withdraws_takes_back_their_waiting_request(organization) -> None:
    program, people = _choice_program(organization)
    request = mentor_request_create(
        actor=people["x1"].user, program=program, mentor=people["a1"], message="Hi"
    )
    enrollment = Enrollment.objects.get(program=program, employee=people["x1"])

    enrollment_withdraw(actor=people["x1"].user, enrollment=enrollment, reason="New job")

    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.response == "Xavier1 Mentee left the program."
    assert not MentorRequest.objects.filter(status=RequestStatus.PENDING).exists()
    with pytest.raises(ServiceError, match="withdrawn already"):
        mentor_request_accept(actor=people["a1"].user, request=request)
    assert not Pair.objects.exists()


def test_a_mentor_who_withdraws_cancels_the_requests_and_their_mentees_move_on(
    organization, django_capture_on_commit_callbacks
) -> None:
    program, people = _choice_program(organization)
    request = mentor_request_create(
        actor=people["x1"].user, program=program, mentor=people["a1"], message="Hi"
    )
    enrollment = Enrollment.objects.get(program=program, employee=people["a1"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_withdraw(actor=people["a1"].user, enrollment=enrollment)

    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert request.response == "Ada1 Mentor left the program."
    following = MentorRequest.objects.get(mentee=people["x1"], status=RequestStatus.PENDING)
    assert following.mentor != people["a1"]
    assert following.automatic
    to_mentee = next(m for m in mail.outbox if m.to == [people["x1"].email])
    assert "Ada1 Mentor left" in to_mentee.body
    assert following.mentor.display_name in to_mentee.body
