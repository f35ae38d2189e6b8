"""When check-ins open: after the first held meeting, then every 4 weeks, and a closing one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from remento.relationships.checkins.emails import send_checkin_email
from remento.relationships.checkins.models import (
    CheckIn,
    CheckInKind,
    CheckInPlan,
    CheckInQuestion,
    CheckInStatus,
)
from remento.relationships.checkins.schedule import SweepResult
from remento.relationships.checkins.services import closing_checkins_open
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair, PairStatus
from tests.relationships.checkins.conftest import checkin_of, held_meeting, mails_to
from tests.relationships.meetings.conftest import past_meeting

Sweep = Callable[[], SweepResult]


def test_no_checkin_before_the_first_held_meeting(active_pair: Pair, sweep: Sweep) -> None:
    past_meeting(active_pair, status=MeetingStatus.CONFIRMED)
    past_meeting(active_pair, days_ago=2, status=MeetingStatus.MISSED)

    assert sweep().opened == 0
    assert not CheckIn.objects.exists()


def test_first_checkin_opens_for_both_after_the_first_held_meeting(
    active_pair: Pair, sweep: Sweep
) -> None:
    held_meeting(active_pair)

    result = sweep()

    assert result.opened == 2
    pair = active_pair
    for person, role, partner in (
        (pair.mentor, "mentor", pair.mentee),
        (pair.mentee, "mentee", pair.mentor),
    ):
        checkin = checkin_of(active_pair, person)
        assert (checkin.kind, checkin.role, checkin.status) == ("first", role, "open")
        assert checkin.asks_fit
        assert checkin.remind_at == checkin.opened_at + timedelta(days=5)
        assert checkin.closes_at == checkin.opened_at + timedelta(days=15)
        [email] = mails_to(person)
        assert email.subject == f"How is your pair with {partner.display_name} going?"
        assert f"/pairs/{active_pair.pk}/check-ins/{checkin.pk}/" in email.body


def test_the_plan_and_its_default_questions_are_made_on_first_use(
    active_pair: Pair, sweep: Sweep
) -> None:
    held_meeting(active_pair)

    sweep()

    plan = CheckInPlan.objects.get(program=active_pair.program)
    assert (plan.after_first_meeting, plan.every_days, plan.closing) == (True, 28, True)
    assert plan.remind_after_days == 5
    questions = list(CheckInQuestion.objects.filter(program=active_pair.program))
    assert [(q.audience, q.asked_at) for q in questions] == [
        ("mentee", "during"),
        ("mentee", "during"),
        ("mentor", "during"),
        ("mentee", "closing"),
        ("mentee", "closing"),
        ("mentor", "closing"),
    ]
    assert "getting closer to the goals" in questions[1].text
    assert "How close did you come to the goals" in questions[4].text


def test_regular_checkins_open_every_four_weeks_after_the_first(
    active_pair: Pair, sweep: Sweep
) -> None:
    held_meeting(active_pair)
    start = timezone.now()
    sweep()

    with time_machine.travel(start + timedelta(days=27)):
        assert sweep().opened == 0
    with time_machine.travel(start + timedelta(days=28, minutes=1)):
        assert sweep().opened == 2
        assert sweep().opened == 0
    with time_machine.travel(start + timedelta(days=56, minutes=2)):
        assert sweep().opened == 2

    regular = CheckIn.objects.filter(pair=active_pair, employee=active_pair.mentee, kind="regular")
    assert [(c.number, c.title) for c in regular] == [(1, "Check-in 2"), (2, "Check-in 3")]


def test_without_waiting_for_a_meeting_the_first_opens_a_cadence_after_the_start(
    active_pair: Pair, sweep: Sweep
) -> None:
    CheckInPlan.objects.create(
        program=active_pair.program, after_first_meeting=False, every_days=14
    )
    active_pair.started_at = timezone.now() - timedelta(days=13)
    active_pair.save()

    assert sweep().opened == 0
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert sweep().opened == 2
    assert CheckIn.objects.filter(kind=CheckInKind.FIRST).count() == 2


def test_no_regular_checkins_when_the_plan_says_zero(active_pair: Pair, sweep: Sweep) -> None:
    CheckInPlan.objects.create(program=active_pair.program, every_days=0)
    held_meeting(active_pair)
    sweep()

    with time_machine.travel(timezone.now() + timedelta(days=200)):
        sweep()

    assert not CheckIn.objects.filter(kind=CheckInKind.REGULAR).exists()


def close(pair: Pair) -> Pair:
    pair.status, pair.ended_at = PairStatus.CLOSED, timezone.now()
    pair.save()
    return pair


def test_closing_opens_the_closing_checkins_once_and_cancels_open_ones(
    active_pair: Pair, sweep: Sweep, django_capture_on_commit_callbacks: Any
) -> None:
    held_meeting(active_pair)
    sweep()
    close(active_pair)

    with django_capture_on_commit_callbacks(execute=True):
        made = closing_checkins_open(pair=active_pair)
        again = closing_checkins_open(pair=active_pair)

    assert len(made) == 2
    assert again == []
    assert set(CheckIn.objects.filter(kind=CheckInKind.FIRST).values_list("status", flat=True)) == {
        CheckInStatus.CANCELLED
    }
    for person in (active_pair.mentor, active_pair.mentee):
        assert checkin_of(active_pair, person, kind="closing").status == "open"
        assert mails_to(person)[-1].subject.startswith("A last check-in on your pair with")
    assert sweep().opened == 0
    assert len(mail_subjects()) == 4


def mail_subjects() -> list[str]:
    from django.core import mail

    return [str(m.subject) for m in mail.outbox]


def test_the_sweep_opens_a_closing_checkin_the_ending_missed(
    active_pair: Pair, sweep: Sweep
) -> None:
    close(active_pair)

    assert sweep().opened == 2
    assert sweep().opened == 0
    assert CheckIn.objects.filter(kind=CheckInKind.CLOSING).count() == 2


def test_no_closing_checkin_for_a_pair_that_never_started_or_when_the_plan_says_no(
    pair: Pair, active_pair: Pair, sweep: Sweep
) -> None:
    CheckInPlan.objects.create(program=active_pair.program, closing=False)
    close(active_pair)

    assert closing_checkins_open(pair=active_pair) == []
    assert sweep().opened == 0


def test_a_person_who_left_is_not_asked(active_pair: Pair, sweep: Sweep) -> None:
    active_pair.mentee.is_active = False
    active_pair.mentee.save()
    held_meeting(active_pair)

    sweep()

    assert list(CheckIn.objects.values_list("employee_id", flat=True)) == [active_pair.mentor_id]


def test_the_command_runs_the_sweep_and_says_what_it_did(
    active_pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    held_meeting(active_pair)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_checkins", stdout=out)
        call_command("send_checkins", stdout=out)

    assert out.getvalue().splitlines() == [
        "2 check-ins opened, reminded or marked missed.",
        "0 check-ins opened, reminded or marked missed.",
    ]
    assert len(mail_subjects()) == 2


def _queries_to_open_regular_checkins(pairs: list[Pair], sweep: Sweep) -> int:
    for pair in pairs:
        held_meeting(pair)
    with time_machine.travel(timezone.now() - timedelta(days=28, minutes=1)):
        sweep()
    with CaptureQueriesContext(connection) as queries:
        assert sweep().opened == 2 * len(pairs)
    CheckIn.objects.all().delete()
    # Each email's delivery record (written after the commit, claimed and marked by its
    # send task) is one row per email by design: the sweep's own queries are the rest.
    return len([q for q in queries if "core_outgoingemail" not in q["sql"]])


def test_the_sweep_costs_the_same_queries_for_one_pair_or_many(
    active_pair: Pair, other_pair: Pair, sweep: Sweep
) -> None:
    one = _queries_to_open_regular_checkins([active_pair], sweep)
    many = _queries_to_open_regular_checkins([active_pair, other_pair], sweep)

    assert one == many


def test_the_checkin_email_gives_the_last_day_in_the_recipients_own_zone(
    active_pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    """The page says "open until" in the reader's zone; the email said the UTC date."""
    mentee = active_pair.mentee
    mentee.timezone = "Australia/Sydney"
    mentee.save(update_fields=["timezone"])
    held_meeting(active_pair)
    close(active_pair)
    with django_capture_on_commit_callbacks(execute=True):
        closing_checkins_open(pair=active_pair)
    checkin = checkin_of(active_pair, mentee, kind="closing")
    # 20:00 UTC on 22 December is 07:00 on the 23rd in Sydney.
    closes = datetime(2026, 12, 22, 20, 0, tzinfo=UTC)
    CheckIn.objects.filter(pk=checkin.pk).update(closes_at=closes)
    people = ("pair__program", "pair__mentor", "pair__mentee", "employee")
    checkin = CheckIn.objects.select_related(*people).get(pk=checkin.pk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_checkin_email(checkin, reminder=1)

    [message] = mails_to(mentee)
    assert "by 23 December 2026" in message.body
