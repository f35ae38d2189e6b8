from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair, PairStatus
from remento.relationships.services import pair_close
from tests.factories import EmployeeFactory, employee_with_login
from tests.relationships.builders import make_pair


def test_one_of_the_pair_closes_it_with_a_reason(pair: Pair, mentee: Employee) -> None:
    closed = pair_close(actor=mentee.user, pair=pair, reason="  We reached our goals.  ")
    closed.refresh_from_db()
    assert closed.status == PairStatus.CLOSED
    assert closed.ended_at is not None
    assert closed.end_reason == "We reached our goals."


def test_a_coordinator_may_close_a_pair(pair: Pair, coordinator: Employee) -> None:
    assert pair_close(actor=coordinator.user, pair=pair, reason="Mentor left.").status == "closed"


def test_closing_needs_a_reason_and_changes_nothing_without_one(
    pair: Pair, mentor: Employee
) -> None:
    with pytest.raises(ServiceError, match="why the pair ends"):
        pair_close(actor=mentor.user, pair=pair, reason="   ")
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING


def test_a_participant_of_another_pair_may_not_close_this_one(
    program: Program, pair: Pair, organization: object
) -> None:
    other_mentor = employee_with_login(organization=organization, level=2)
    other_mentee = EmployeeFactory(organization=organization, level=9)
    make_pair(program, other_mentor, other_mentee)
    with pytest.raises(PermissionDenied):
        pair_close(actor=other_mentor.user, pair=pair, reason="Not mine.")
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING


def test_a_closed_pair_cannot_be_closed_twice(pair: Pair, mentor: Employee) -> None:
    pair_close(actor=mentor.user, pair=pair, reason="Done.")
    with pytest.raises(ServiceError, match="already closed"):
        pair_close(actor=mentor.user, pair=pair, reason="Again.")


def test_the_one_who_closed_reads_you_and_the_coordinators_are_told_without_the_reason(
    pair: Pair,
    mentee: Employee,
    mentor: Employee,
    coordinator: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(actor=mentee.user, pair=pair, reason="We reached our goals.")

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert "(you closed it)" in by_recipient[mentee.email].body
    assert f"({mentee.display_name} closed it)" in by_recipient[mentor.email].body
    told = by_recipient[coordinator.email]
    assert (
        told.subject == f"{mentee.display_name} ended their mentoring pair in {pair.program.name}"
    )
    assert f"with {mentor.display_name} in" in told.body
    assert f"/pairs/{pair.pk}/" in told.body
    assert "We reached our goals." not in told.body
    assert "We reached our goals." not in told.alternatives[0][0]  # type: ignore[attr-defined]


def test_coordinators_are_not_told_of_a_close_by_a_coordinator(
    pair: Pair, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair_close(actor=coordinator.user, pair=pair, reason="Mentor left.")

    assert coordinator.email not in {message.to[0] for message in mail.outbox}
    assert len(mail.outbox) == 2
