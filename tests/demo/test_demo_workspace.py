"""The demo's pair workspaces: the Active program's pairs in every health state, with the
history that puts them there, and the Closed program's complete histories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from remento.demo.people.seed import DemoSeedResult, demo_organization_seed
from remento.programs.models import Program, Status
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from remento.relationships.goals.models import Goal
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import health_of_pairs
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus
from remento.relationships.notes.models import ActionItem, PrivateNote, SharedNote
from remento.relationships.safety.models import SafetyRequest, SafetyStatus

pytestmark = pytest.mark.django_db

SIZE = 300  # the default demo size: its Active program has a pair in every health state


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSeedResult]:
    """One build for the whole module (it takes seconds), in a transaction rolled back at
    the end; each test runs in a savepoint of its own inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo_organization_seed(size=SIZE)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def program_of(demo: DemoSeedResult, status: str) -> Program:
    return Program.objects.get(organization=demo.organization, status=status)


def test_the_active_program_has_a_pair_in_every_health_state(demo: DemoSeedResult) -> None:
    active = program_of(demo, Status.ACTIVE)

    rows = health_of_pairs(pairs=Pair.objects.filter(program=active))

    states = {row.state for row in rows}
    assert states == set(HealthState), [
        (row.pair.pk, row.state, [(f.rule, f.text) for f in row.health.findings]) for row in rows
    ]
    reasons = {f.rule for row in rows for f in row.health.reasons}
    assert {"meeting_gap", "senior_cancels", "low_rating", "unanswered"} <= reasons
    showcase = next(row for row in rows if row.pair.mentor_id == demo.personas["mentor"].pk)
    assert showcase.state == HealthState.ON_TRACK


def test_active_pairs_have_met_missed_and_cancelled(demo: DemoSeedResult) -> None:
    active = program_of(demo, Status.ACTIVE)
    meetings = Meeting.objects.filter(pair__program=active)
    statuses = set(meetings.values_list("status", flat=True))

    assert statuses == {
        MeetingStatus.HELD,
        MeetingStatus.MISSED,
        MeetingStatus.CANCELLED,
        MeetingStatus.CONFIRMED,
        MeetingStatus.PROPOSED,
    }
    # The senior leader who cancels: the mentee of reverse mentoring.
    ghosting = meetings.filter(status=MeetingStatus.CANCELLED)
    assert all(m.cancelled_by_id == m.pair.mentee_id for m in ghosting)
    assert all(m.starts_at < timezone.now() for m in meetings.filter(status="held"))
    assert Goal.objects.filter(pair__program=active).count() >= 4
    assert SharedNote.objects.filter(pair__program=active).exists()
    assert ActionItem.objects.filter(pair__program=active, done_at__isnull=True).exists()


def test_a_safety_request_waits_for_the_coordinator(demo: DemoSeedResult) -> None:
    active = program_of(demo, Status.ACTIVE)

    (request,) = SafetyRequest.objects.filter(pair__program=active)

    assert request.status == SafetyStatus.OPEN
    assert request.pair.status == PairStatus.ACTIVE


def test_the_demo_participants_have_a_check_in_due_and_meetings_to_answer_and_log(
    demo: DemoSeedResult,
) -> None:
    mentor, mentee = demo.personas["mentor"], demo.personas["mentee"]
    pair = Pair.objects.get(mentor=mentor, mentee=mentee)
    now = timezone.now()

    for person in (mentor, mentee):
        due = CheckIn.objects.get(pair=pair, employee=person, status=CheckInStatus.OPEN)
        assert due.closes_at > now
        answered = CheckIn.objects.get(pair=pair, employee=person, kind=CheckInKind.FIRST)
        assert answered.status == CheckInStatus.ANSWERED
        # The other person's proposal waits for this person's answer.
        assert Meeting.objects.filter(
            pair=pair, status=MeetingStatus.PROPOSED, starts_at__gt=now
        ).exclude(proposed_by=person)
    assert Meeting.objects.filter(pair=pair, status=MeetingStatus.CONFIRMED, starts_at__lt=now)
    assert PrivateNote.objects.filter(pair=pair, author=mentor).exists()
    assert PrivateNote.objects.filter(pair=pair, author=mentee).exists()

    for person in (mentor, mentee):
        client = Client()
        client.force_login(person.user)  # type: ignore[arg-type]
        home = client.get("/").content.decode()
        assert "Check in on your pair" in home
        notes = client.get(f"/pairs/{pair.pk}/notes/").content.decode()
        assert PrivateNote.objects.get(pair=pair, author=person).body[:40] in notes


def test_the_coordinator_sees_the_board_with_every_state_and_the_request(
    demo: DemoSeedResult,
) -> None:
    active = program_of(demo, Status.ACTIVE)
    client = Client()
    client.force_login(demo.personas["coordinator"].user)  # type: ignore[arg-type]

    board = client.get(f"/pairs/programs/{active.pk}/health/")

    assert board.status_code == 200
    page = board.content.decode()
    for state in HealthState:
        assert state.label in page


def test_the_closed_program_pairs_have_complete_histories(demo: DemoSeedResult) -> None:
    closed = program_of(demo, Status.CLOSED)
    pairs = list(Pair.objects.filter(program=closed))
    assert pairs

    for pair in pairs:
        assert pair.started_at is not None
        assert pair.ended_at is not None
        held = pair.meetings.filter(status=MeetingStatus.HELD)
        assert held.count() >= 2
        assert all(pair.started_at < m.starts_at < pair.ended_at for m in held)
        assert not pair.meetings.filter(status__in=["proposed", "confirmed"]).exists()
        goals = list(pair.goals.prefetch_related("milestones"))
        assert goals
        assert max(goal.progress_percent for goal in goals) == 100
        closing = pair.checkins.filter(kind=CheckInKind.CLOSING)
        assert closing.count() == 2
        assert {c.status for c in closing} == {CheckInStatus.ANSWERED}
        assert all(c.answered_at and c.answered_at > pair.ended_at for c in closing)
        assert not pair.checkins.filter(status=CheckInStatus.OPEN).exists()
