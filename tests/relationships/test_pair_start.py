from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairStatus
from remento.relationships.selectors import pair_launch_state
from remento.relationships.services import agreement_sign, pair_start
from remento.training.models import ModuleTiming
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, fill_terms, make_module, make_pair


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Run background tasks (the emails) at once, into Django's test outbox."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _sign_both(pair: Pair, mentor: Employee, mentee: Employee) -> None:
    fill_terms(pair)
    agreement_sign(actor=mentor.user, pair=pair)
    agreement_sign(actor=mentee.user, pair=pair)


def test_a_pair_cannot_start_before_both_have_signed(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    fill_terms(pair)
    agreement_sign(actor=mentor.user, pair=pair)
    with pytest.raises(ServiceError) as raised:
        pair_start(actor=mentor.user, pair=pair)
    assert "Martin Senior has not signed the agreement." in str(raised.value)
    assert "Maya Junior has not signed" not in str(raised.value)
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING


def test_missing_training_names_the_person_and_the_module(
    program: Program, organization: object, mentor: Employee
) -> None:
    dana = EmployeeFactory(organization=organization, first_name="Dana", last_name="Lee", level=9)
    pair = make_pair(program, mentor, dana)
    feedback = make_module(program, "Giving and receiving feedback", position=1)
    goals = make_module(program, "Setting goals together", position=2)
    complete(feedback, mentor)
    complete(goals, mentor, dana)
    with pytest.raises(ServiceError) as raised:
        pair_start(actor=mentor.user, pair=pair)
    assert "Dana Lee has not completed: Giving and receiving feedback." in str(raised.value)
    assert "Maya Junior has not completed" not in str(raised.value)


def test_optional_and_during_program_modules_do_not_hold_a_pair_back(
    program: Program, pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    make_module(program, "Confidentiality", required=False)
    make_module(program, "Running a session", timing=ModuleTiming.DURING, position=2)
    _sign_both(pair, mentor, mentee)
    started = pair_start(actor=mentee.user, pair=pair)
    assert started.status == PairStatus.ACTIVE


@pytest.mark.usefixtures("immediate_tasks")
def test_a_signed_and_trained_pair_starts_and_both_are_told(
    program: Program,
    pair: Pair,
    mentor: Employee,
    mentee: Employee,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    module = make_module(program)
    complete(module, mentor, mentee)
    _sign_both(pair, mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        pair_start(actor=mentor.user, pair=pair)

    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    assert pair.started_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == [mentee.email, mentor.email]
    assert "Martin Senior" in next(m.subject for m in mail.outbox if m.to == [mentor.email])
    assert AuditEvent.objects.filter(verb="pair.start", target_id=str(pair.pk)).exists()


def test_a_coordinator_may_start_a_ready_pair_but_a_stranger_may_not(
    pair: Pair, mentor: Employee, mentee: Employee, coordinator: Employee, stranger: Employee
) -> None:
    _sign_both(pair, mentor, mentee)
    with pytest.raises(PermissionDenied):
        pair_start(actor=stranger.user, pair=pair)
    assert pair_start(actor=coordinator.user, pair=pair).status == PairStatus.ACTIVE


def test_an_active_pair_cannot_be_started_again(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    _sign_both(pair, mentor, mentee)
    pair_start(actor=mentor.user, pair=pair)
    with pytest.raises(ServiceError, match="active, not launching"):
        pair_start(actor=mentor.user, pair=pair)


def test_a_ready_pair_waits_until_the_coordinator_launches_the_program(
    program: Program, pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    Program.objects.filter(pk=program.pk).update(status=Status.MATCHING)
    pair.refresh_from_db()
    _sign_both(pair, mentor, mentee)  # getting ready is allowed while matching

    with pytest.raises(ServiceError) as raised:
        pair_start(actor=mentor.user, pair=pair)

    assert "is in the Matching step: pairs start once a coordinator launches" in str(raised.value)
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING
    state = pair_launch_state(pair=Pair.objects.select_related("program").get(pk=pair.pk))
    assert not state.can_start
    assert state.blockers[0].startswith("Digital Leaders 2026 is in the Matching step")

    Program.objects.filter(pk=program.pk).update(status=Status.ACTIVE)
    assert pair_start(actor=mentor.user, pair=pair).status == PairStatus.ACTIVE


def test_no_pair_starts_in_a_closed_program(
    program: Program, pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    _sign_both(pair, mentor, mentee)
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)

    with pytest.raises(ServiceError, match="is closed; its pairs can no longer start"):
        pair_start(actor=mentor.user, pair=pair)
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING
