from __future__ import annotations

import pytest
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
