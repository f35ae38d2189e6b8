from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import ChecklistStep, ChecklistTick, Pair
from remento.relationships.selectors import pair_launch_state, program_pair_overview
from remento.relationships.services import agreement_sign, checklist_tick
from tests.factories import user_of
from tests.relationships.builders import complete, fill_terms, make_module
from tests.relationships.health.conftest import meeting, start


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


def test_a_meeting_both_agreed_to_ticks_schedule_and_a_proposal_does_not(
    pair: Pair, mentor: Employee, mentee: Employee, mentor_client: Client
) -> None:
    start(pair, days_ago=3)
    meeting(pair, days_ago=-2, status=MeetingStatus.PROPOSED)
    assert not _done(pair)[ChecklistStep.SCHEDULE]
    page = mentor_client.get(reverse("relationships:pair_detail", args=[pair.pk])).content
    assert reverse("relationships:meetings:propose", args=[pair.pk]).encode() in page
    meeting(pair, days_ago=-5, status=MeetingStatus.CONFIRMED)
    [item] = [i for i in pair_launch_state(pair=pair).checklist if i.step == "schedule"]
    assert item.done
    assert item.by_meeting
    assert item.tick is None
    page = mentor_client.get(reverse("relationships:pair_detail", args=[pair.pk])).content
    assert b"a meeting is agreed" in page
    # The overview of the program's pairs reads it too, without a query per pair.
    [row] = program_pair_overview(program=pair.program)
    assert {i.step: i.done for i in row.state.checklist}[ChecklistStep.SCHEDULE]


def test_a_pair_that_scheduled_elsewhere_still_ticks_by_hand(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    start(pair, days_ago=3)
    meeting(pair, days_ago=-2, status=MeetingStatus.DECLINED)
    assert not _done(pair)[ChecklistStep.SCHEDULE]
    checklist_tick(actor=user_of(mentee), pair=pair, step=ChecklistStep.SCHEDULE, done=True)
    [item] = [i for i in pair_launch_state(pair=pair).checklist if i.step == "schedule"]
    assert item.done
    assert not item.by_meeting
    assert item.tick is not None
