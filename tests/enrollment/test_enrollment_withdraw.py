from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.enrollment.models import Enrollment
from remento.enrollment.services import enrollment_withdraw
from remento.programs.models import Program, Status
from remento.relationships.models import Pair
from tests.enrollment.conftest import submit


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
