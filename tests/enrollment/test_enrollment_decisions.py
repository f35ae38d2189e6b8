from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.enrollment.models import Enrollment
from remento.enrollment.services import (
    enrollment_approve,
    enrollment_decline,
)
from remento.programs.models import EnrollmentMode, Program, Status
from tests.enrollment.conftest import make_program, person, submit


@pytest.fixture
def applications(organization) -> Program:
    return make_program(organization, enrollment_mode=EnrollmentMode.APPLICATION)


def test_approving_enrols_and_emails_the_applicant(
    applications: Program, mentee, coordinator, commit
) -> None:
    application = submit(mentee, applications)
    mail.outbox.clear()

    with commit():
        approved = enrollment_approve(
            actor=coordinator.user, enrollment=application, note="Welcome!"
        )

    assert approved.status == "enrolled"
    assert approved.decided_by == coordinator.user
    assert approved.decided_at is not None
    assert mail.outbox[0].subject == "Your application to Digital Fluency was approved"
    assert "Welcome!" in mail.outbox[0].body


def test_approving_when_full_puts_the_applicant_on_the_waitlist(
    organization, coordinator, commit
) -> None:
    program = make_program(organization, enrollment_mode=EnrollmentMode.APPLICATION, max_pairs=1)
    first, second = person(organization, "Ann", 9), person(organization, "Ben", 9)
    enrollment_approve(actor=coordinator.user, enrollment=submit(first, program))
    mail.outbox.clear()

    with commit():
        second_place = enrollment_approve(
            actor=coordinator.user, enrollment=submit(second, program)
        )

    assert second_place.status == "waitlisted"
    approved_mail = next(m for m in mail.outbox if "approved" in m.subject)
    assert "waitlist, number 1 in the queue" in approved_mail.body


def test_declining_needs_a_note_and_writes_nothing_without_one(
    applications: Program, mentee, coordinator
) -> None:
    application = submit(mentee, applications)

    with pytest.raises(FieldErrors) as caught:
        enrollment_decline(actor=coordinator.user, enrollment=application, note="  ")

    assert caught.value.errors == {"note": "Say why, in a sentence the applicant will read."}
    assert Enrollment.objects.get().status == "applied"


def test_declining_emails_the_reason(applications: Program, mentee, coordinator, commit) -> None:
    application = submit(mentee, applications)
    mail.outbox.clear()

    with commit():
        enrollment_decline(actor=coordinator.user, enrollment=application, note="Next cohort.")

    assert Enrollment.objects.get().status == "declined"
    assert "Next cohort." in mail.outbox[0].body


def test_a_declined_applicant_cannot_simply_apply_again(
    applications: Program, mentee, coordinator
) -> None:
    enrollment_decline(actor=coordinator.user, enrollment=submit(mentee, applications), note="No")

    with pytest.raises(ServiceError, match="was declined"):
        submit(mentee, applications)


def test_an_application_is_decided_once(applications: Program, mentee, coordinator) -> None:
    application = submit(mentee, applications)
    enrollment_approve(actor=coordinator.user, enrollment=application)

    with pytest.raises(ServiceError, match="already decided: enrolled"):
        enrollment_decline(actor=coordinator.user, enrollment=application, note="Oops")


def test_participants_and_strangers_cannot_decide(
    applications: Program, mentee, mentor, stranger
) -> None:
    application = submit(mentee, applications)

    for actor in (mentor.user, mentee.user, stranger.user):
        with pytest.raises(PermissionDenied):
            enrollment_approve(actor=actor, enrollment=application)
    assert Enrollment.objects.get().status == "applied"


def test_applications_are_decided_while_matching_but_not_once_active(
    applications: Program, mentee, coordinator
) -> None:
    application = submit(mentee, applications)
    Program.objects.filter(pk=applications.pk).update(status=Status.ACTIVE)

    with pytest.raises(ServiceError, match="no longer takes participants"):
        enrollment_approve(actor=coordinator.user, enrollment=application)

    Program.objects.filter(pk=applications.pk).update(status=Status.MATCHING)
    assert enrollment_approve(actor=coordinator.user, enrollment=application).status == "enrolled"
