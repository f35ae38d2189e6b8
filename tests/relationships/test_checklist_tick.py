from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import ChecklistStep, ChecklistTick, Pair
from remento.relationships.selectors import pair_launch_state
from remento.relationships.services import agreement_sign, checklist_tick
from tests.relationships.builders import complete, fill_terms, make_module


def _done(pair: Pair) -> dict[str, bool]:
    return {item.step: item.done for item in pair_launch_state(pair=pair).checklist}


def test_either_person_ticks_a_step_and_it_is_stored_with_who_did_it(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    checklist_tick(actor=mentor.user, pair=pair, step=ChecklistStep.KICKOFF, done=True)
    checklist_tick(actor=mentee.user, pair=pair, step=ChecklistStep.SCHEDULE, done=True)
    tick = ChecklistTick.objects.get(pair=pair, step=ChecklistStep.KICKOFF)
    assert tick.done_by == mentor
    done = _done(pair)
    assert done[ChecklistStep.KICKOFF]
    assert done[ChecklistStep.SCHEDULE]
    assert not done[ChecklistStep.GOALS]


def test_unticking_removes_the_tick_and_ticking_twice_keeps_one(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    checklist_tick(actor=mentor.user, pair=pair, step=ChecklistStep.GOALS, done=True)
    checklist_tick(actor=mentee.user, pair=pair, step=ChecklistStep.GOALS, done=True)
    assert ChecklistTick.objects.filter(pair=pair).count() == 1
    checklist_tick(actor=mentee.user, pair=pair, step=ChecklistStep.GOALS, done=False)
    assert not ChecklistTick.objects.filter(pair=pair).exists()


def test_signing_and_training_tick_themselves_and_cannot_be_ticked_by_hand(
    program: Program, pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    with pytest.raises(ServiceError, match="ticks itself"):
        checklist_tick(actor=mentor.user, pair=pair, step=ChecklistStep.SIGN, done=True)
    module = make_module(program)
    assert not _done(pair)[ChecklistStep.TRAINING]
    complete(module, mentor, mentee)
    fill_terms(pair)
    agreement_sign(actor=mentor.user, pair=pair)
    agreement_sign(actor=mentee.user, pair=pair)
    done = _done(pair)
    assert done[ChecklistStep.TRAINING]
    assert done[ChecklistStep.SIGN]


def test_a_coordinator_does_not_tick_a_pairs_checklist(pair: Pair, coordinator: Employee) -> None:
    with pytest.raises(PermissionDenied):
        checklist_tick(actor=coordinator.user, pair=pair, step=ChecklistStep.KICKOFF, done=True)
    assert not ChecklistTick.objects.exists()


def test_an_unknown_step_is_refused_by_name(pair: Pair, mentor: Employee) -> None:
    with pytest.raises(ServiceError, match="“lunch” is not a step"):
        checklist_tick(actor=mentor.user, pair=pair, step="lunch", done=True)
