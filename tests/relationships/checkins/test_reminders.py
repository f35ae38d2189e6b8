"""Reminders after N and 2N days, missed after 3N, each email once (time-machine)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from remento.relationships.checkins.models import CheckIn, CheckInPlan, CheckInStatus
from remento.relationships.checkins.schedule import SweepResult
from remento.relationships.models import Pair
from tests.factories import user_of
from tests.relationships.checkins.conftest import checkin_of, held_meeting, mails_to

Sweep = Callable[[], SweepResult]


def subjects_to(person: object) -> list[str]:
    return [m.subject for m in mails_to(person)]  # type: ignore[arg-type]


def test_reminders_at_n_and_2n_days_then_missed_at_3n_each_once(
    active_pair: Pair, sweep: Sweep
) -> None:
    held_meeting(active_pair)
    start = timezone.now()
    sweep()
    mentee = active_pair.mentee
    assert len(subjects_to(mentee)) == 1

    with time_machine.travel(start + timedelta(days=4, hours=23)):
        assert sweep().reminded == 0
    with time_machine.travel(start + timedelta(days=5, minutes=1)):
        assert sweep().reminded == 2
        assert sweep().reminded == 0
    assert subjects_to(mentee)[-1].startswith("Reminder: ")
    with time_machine.travel(start + timedelta(days=9)):
        assert sweep().reminded == 0
    with time_machine.travel(start + timedelta(days=10, minutes=1)):
        assert sweep().reminded == 2
        assert sweep().reminded == 0
    assert subjects_to(mentee)[-1].startswith("Last reminder: ")
    assert checkin_of(active_pair, mentee).status == CheckInStatus.OPEN
    with time_machine.travel(start + timedelta(days=15, minutes=1)):
        result = sweep()
        assert (result.missed, result.reminded) == (2, 0)
        assert sweep().missed == 0

    assert len(subjects_to(mentee)) == 3
    checkin = checkin_of(active_pair, mentee)
    assert checkin.status == CheckInStatus.MISSED
    assert checkin.reminded_at is not None
    assert checkin.reminded_again_at is not None


def test_reminder_days_come_from_the_program_plan(active_pair: Pair, sweep: Sweep) -> None:
    CheckInPlan.objects.create(program=active_pair.program, remind_after_days=2)
    held_meeting(active_pair)
    start = timezone.now()
    sweep()

    with time_machine.travel(start + timedelta(days=2, minutes=1)):
        assert sweep().reminded == 2
    with time_machine.travel(start + timedelta(days=6, minutes=1)):
        assert sweep().missed == 2


def test_a_late_run_sends_only_the_second_reminder(active_pair: Pair, sweep: Sweep) -> None:
    held_meeting(active_pair)
    start = timezone.now()
    sweep()

    with time_machine.travel(start + timedelta(days=11)):
        assert sweep().reminded == 2
        assert sweep().reminded == 0

    assert [s.split(":")[0] for s in subjects_to(active_pair.mentor)][1:] == ["Last reminder"]


def test_an_answered_checkin_gets_no_reminder(
    active_pair: Pair, sweep: Sweep, django_capture_on_commit_callbacks: object
) -> None:
    from remento.relationships.checkins.services import checkin_answer

    held_meeting(active_pair)
    start = timezone.now()
    sweep()
    checkin_answer(
        actor=user_of(active_pair.mentor),
        checkin=checkin_of(active_pair, active_pair.mentor),
        rating=4,
        fit="yes",
    )
    mail.outbox = []

    with time_machine.travel(start + timedelta(days=5, minutes=1)):
        assert sweep().reminded == 1
    with time_machine.travel(start + timedelta(days=16)):
        result = sweep()

    assert (result.reminded, result.missed) == (0, 1)
    assert subjects_to(active_pair.mentor) == []
    assert len(subjects_to(active_pair.mentee)) == 1
    assert CheckIn.objects.get(employee=active_pair.mentor).status == CheckInStatus.ANSWERED
