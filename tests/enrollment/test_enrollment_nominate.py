from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.enrollment.models import Enrollment, Question, QuestionKind
from remento.enrollment.services import (
    enrollment_accept_invitation,
    enrollment_decline_invitation,
    enrollment_nominate,
)
from remento.programs.models import EnrollmentMode, Program, Status
from tests.enrollment.conftest import make_program, person, submit


@pytest.fixture
def nominated(organization) -> Program:
    return make_program(organization, enrollment_mode=EnrollmentMode.NOMINATION, max_pairs=1)


def _accept(enrollment: Enrollment, **overrides):
    arguments = {
        "actor": enrollment.employee.user,
        "enrollment": enrollment,
        "hours_per_month": 5,
        "timezone": "Europe/Paris",
        "consent_sensitive": True,
        "answers": {},
    }
    return enrollment_accept_invitation(**{**arguments, **overrides})


def test_nominating_invites_and_emails_a_link(
    nominated: Program, coordinator, mentee, commit
) -> None:
    with commit():
        [invited] = enrollment_nominate(
            actor=coordinator.user,
            program=nominated,
            employees=[mentee],
            role="mentee",
            note="You!",
        )

    assert invited.status == "invited"
    assert mail.outbox[0].subject == "You are invited to Digital Fluency"
    assert f"/enrollment/{nominated.pk}/invitation/" in mail.outbox[0].body
    assert "You!" in mail.outbox[0].body


def test_nominating_is_all_or_nothing_and_names_everyone_who_cannot_come(
    nominated: Program, coordinator, mentee, mentor, organization
) -> None:
    senior = person(organization, "Sue", 10)
    with pytest.raises(FieldErrors) as caught:
        enrollment_nominate(
            actor=coordinator.user, program=nominated, employees=[senior, mentor], role="mentee"
        )

    assert "Maya Junior is at level 2" in caught.value.errors["employees"]
    assert not Enrollment.objects.exists()


def test_someone_already_in_the_program_is_not_invited_again(
    organization, coordinator, mentee
) -> None:
    program = make_program(organization)
    submit(mentee, program)

    with pytest.raises(FieldErrors) as caught:
        enrollment_nominate(
            actor=coordinator.user, program=program, employees=[mentee], role="mentee"
        )
    assert (
        caught.value.errors["employees"] == "Martin Senior is already in this program (enrolled)."
    )


def test_only_coordinators_nominate_and_only_while_recruiting(
    organization, nominated: Program, coordinator, mentor, mentee
) -> None:
    with pytest.raises(PermissionDenied):
        enrollment_nominate(actor=mentor.user, program=nominated, employees=[mentee], role="mentee")
    Program.objects.filter(pk=nominated.pk).update(status=Status.DRAFT)
    with pytest.raises(ServiceError, match="while Digital Fluency is recruiting"):
        enrollment_nominate(
            actor=coordinator.user, program=nominated, employees=[mentee], role="mentee"
        )


def test_accepting_enrols_with_the_confirmed_values(
    nominated: Program, coordinator, mentee, commit
) -> None:
    [invited] = enrollment_nominate(
        actor=coordinator.user, program=nominated, employees=[mentee], role="mentee"
    )
    mail.outbox.clear()

    with commit():
        accepted = _accept(invited)

    assert (accepted.status, accepted.hours_per_month, accepted.timezone) == (
        "enrolled",
        5,
        "Europe/Paris",
    )
    assert accepted.consented_at is not None
    assert mail.outbox[0].subject == "You are enrolled in Digital Fluency"


def test_accepting_a_full_program_waitlists(
    organization, nominated: Program, coordinator, mentee
) -> None:
    other = person(organization, "Ann", 8)
    first, second = enrollment_nominate(
        actor=coordinator.user, program=nominated, employees=[mentee, other], role="mentee"
    )
    _accept(first)

    assert _accept(second).status == "waitlisted"


def test_accepting_with_bad_answers_changes_nothing(
    nominated: Program, coordinator, mentee
) -> None:
    question = Question.objects.create(program=nominated, text="Why?", kind=QuestionKind.TEXT)
    [invited] = enrollment_nominate(
        actor=coordinator.user, program=nominated, employees=[mentee], role="mentee"
    )

    with pytest.raises(FieldErrors) as caught:
        _accept(invited, hours_per_month=0, timezone="Nowhere")

    assert set(caught.value.errors) == {"hours_per_month", "timezone", f"question_{question.pk}"}
    assert Enrollment.objects.get().status == "invited"


def test_only_the_invited_person_answers(nominated: Program, coordinator, mentee, mentor) -> None:
    [invited] = enrollment_nominate(
        actor=coordinator.user, program=nominated, employees=[mentee], role="mentee"
    )

    with pytest.raises(PermissionDenied):
        _accept(invited, actor=mentor.user)


def test_declining_lets_the_person_sign_up_later(organization, coordinator, mentee) -> None:
    program = make_program(organization)
    [invited] = enrollment_nominate(
        actor=coordinator.user, program=program, employees=[mentee], role="mentee"
    )

    declined = enrollment_decline_invitation(actor=mentee.user, enrollment=invited)
    assert declined.status == "declined"

    assert submit(mentee, program).status == "enrolled"


def test_an_invitation_is_answered_once(nominated: Program, coordinator, mentee) -> None:
    [invited] = enrollment_nominate(
        actor=coordinator.user, program=nominated, employees=[mentee], role="mentee"
    )
    _accept(invited)

    with pytest.raises(ServiceError, match="no open invitation"):
        enrollment_decline_invitation(actor=mentee.user, enrollment=invited)


def test_nominating_into_a_full_role_says_they_will_be_waitlisted(
    nominated: Program, coordinator, mentee, organization, commit
) -> None:
    Enrollment.objects.create(program=nominated, employee=mentee, role="mentee", status="enrolled")
    second = person(organization, "Sue", 9)
    with commit():
        enrollment_nominate(
            actor=coordinator.user, program=nominated, employees=[second], role="mentee"
        )
    assert "All the mentee places of Digital Fluency are taken" in mail.outbox[0].body
    assert "if you accept, you join its waitlist" in mail.outbox[0].body


def test_nominating_with_places_left_says_nothing_of_the_waitlist(
    nominated: Program, coordinator, mentee, commit
) -> None:
    with commit():
        enrollment_nominate(
            actor=coordinator.user, program=nominated, employees=[mentee], role="mentee"
        )
    assert "waitlist" not in mail.outbox[0].body
