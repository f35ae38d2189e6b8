"""The demo's pair workspaces: the Active program's pairs in every health state, with the
history that puts them there, and the Closed program's complete histories; and what they add
up to (``demo.outcomes``, ``demo.people.history``): the Closed program's full result, the
Active program's figures in progress. One demo build for the whole module."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from remento.demo.people.seed import DemoSeedResult, demo_organization_seed
from remento.demo.programs.workspace import words
from remento.enrollment.models import Enrollment
from remento.outcomes.assessments.gains import skill_gain_summary
from remento.outcomes.assessments.models import Assessment, AssessmentStatus, Phase, RaterRole
from remento.outcomes.comparison import promotion_comparison, retention_comparison
from remento.outcomes.dashboards.health_history import (
    HealthWeek,
    health_weeks_computed,
    program_weeks,
    week_end,
)
from remento.outcomes.dashboards.models import HealthSnapshot
from remento.outcomes.exports.people import participants_table
from remento.outcomes.kpis.models import KpiSnapshot
from remento.outcomes.kpis.selectors import program_kpis
from remento.people.models import Employee, LevelChange, LevelChangeSource
from remento.programs.models import KpiKind, Program, Status
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


def test_the_closed_pilot_set_its_goals_and_ticked_them_off_while_it_ran(
    demo: DemoSeedResult,
) -> None:
    """Goals dated the day of the seeding once made the pilot's weekly health say "Needs
    attention" (no goals) for every pair from its sixth week to its end, beside figures of
    meetings kept and goals reached."""
    closed = program_of(demo, Status.CLOSED)
    for pair in Pair.objects.filter(program=closed).prefetch_related("goals__milestones"):
        assert pair.started_at is not None
        assert pair.ended_at is not None
        for goal in pair.goals.all():
            assert pair.started_at < goal.created_at < pair.ended_at
            done = sorted(m.done_at for m in goal.milestones.all() if m.done_at is not None)
            assert all(goal.created_at < at <= pair.ended_at for at in done)
            assert len(done) < 2 or len(set(done)) > 1  # one a month, not all on one day

    weeks = HealthSnapshot.objects.filter(program=closed)
    on_track = sum(week.on_track for week in weeks)
    needs_attention = sum(week.needs_attention for week in weeks)
    assert on_track > 3 * needs_attention, (on_track, needs_attention)


# --- what the programs add up to -------------------------------------------------------------


def test_the_closed_program_measures_every_kpi_of_the_catalogue(demo: DemoSeedResult) -> None:
    closed = program_of(demo, Status.CLOSED)

    results = program_kpis(closed)

    assert {r.kind for r in results} == set(KpiKind.values)
    for result in results:
        assert result.value is not None, (result.kind, result.note)
        assert result.sample > 0, result.kind
        assert result.method, result.kind
    # Some targets met and some missed, as in a real pilot.
    assert {r.met for r in results} == {True, False}
    assert closed.sponsor_name
    assert closed.sponsor_title
    assert closed.lessons


def test_the_comparisons_give_a_figure_for_the_closed_program_and_wait_for_the_active_one(
    demo: DemoSeedResult,
) -> None:
    closed, active = program_of(demo, Status.CLOSED), program_of(demo, Status.ACTIVE)

    for compare in (retention_comparison, promotion_comparison):
        result = compare(closed)
        assert result.difference is not None, result.note
        assert result.interval is not None
        assert result.interval.low <= result.difference <= result.interval.high
        assert min(result.participants, result.comparison) >= settings.REMENTO_MIN_GROUP_SIZE

        waiting = compare(active)
        assert waiting.difference is None
        assert waiting.note.startswith("Not enough data yet")
    assert active.sponsor_name


def test_the_hris_history_has_leavers_and_promotions_inside_the_twelve_months(
    demo: DemoSeedResult,
) -> None:
    closed = program_of(demo, Status.CLOSED)
    assert closed.start_date is not None
    window = (closed.start_date, closed.start_date + dt.timedelta(days=365))
    mentors = set(Pair.objects.filter(program=closed).values_list("mentor_id", flat=True))
    leavers = Employee.objects.filter(organization=demo.organization, left_at__isnull=False)
    promotions = LevelChange.objects.filter(employee__organization=demo.organization)

    assert leavers.filter(pk__in=mentors).exists()
    assert leavers.exclude(pk__in=mentors).count() >= 5
    assert promotions.filter(employee__in=mentors).exists()
    assert promotions.exclude(employee__in=mentors).count() >= 5
    for leaver in leavers.select_related("user"):
        assert not leaver.is_active
        assert leaver.leave_date is not None
        assert window[0] < leaver.leave_date < window[1]
        assert leaver.user is None or not leaver.user.is_active
    for change in promotions.select_related("employee"):
        assert change.is_promotion
        assert change.source == LevelChangeSource.IMPORT
        assert window[0] < change.effective_date < window[1]
        assert change.employee.level == change.level_after


def test_the_demo_personas_are_untouched_by_the_history(demo: DemoSeedResult) -> None:
    for persona in demo.personas.values():
        persona.refresh_from_db()
        assert persona.is_active
        assert persona.left_at is None
        assert persona.leave_date is None
        assert persona.user is not None
        assert persona.user.is_active
        assert not LevelChange.objects.filter(employee=persona).exists()


def test_the_closed_program_has_assessments_before_and_after(demo: DemoSeedResult) -> None:
    closed = program_of(demo, Status.CLOSED)

    gain = skill_gain_summary(closed)

    assert gain.people >= 5
    assert gain.retrospective >= 1  # some looked back at the end
    assert gain.mean is not None
    assert 0.5 <= gain.mean <= 2.5
    assert gain.interval is not None
    mentor_views = Assessment.objects.filter(
        pair__program=closed, rater_role=RaterRole.MENTOR, status=AssessmentStatus.ANSWERED
    )
    assert mentor_views.count() >= gain.people
    for assessment in Assessment.objects.filter(pair__program=closed).select_related("pair"):
        assert assessment.status == AssessmentStatus.ANSWERED
        opened = assessment.pair.started_at if assessment.phase == Phase.BEFORE else None
        if opened is not None and not assessment.retrospective:
            assert assessment.opened_at == opened


def test_the_active_program_shows_figures_in_progress(demo: DemoSeedResult) -> None:
    active = program_of(demo, Status.ACTIVE)
    mentee = demo.personas["mentee"]
    befores = Assessment.objects.filter(pair__program=active, phase=Phase.BEFORE)

    answered = befores.filter(status=AssessmentStatus.ANSWERED).count()
    assert answered > befores.count() / 2
    waiting = befores.get(rater=mentee)
    assert waiting.status == AssessmentStatus.OPEN
    client = Client()
    client.force_login(mentee.user)  # type: ignore[arg-type]
    assert "Rate your skills at the start" in client.get("/").content.decode()
    measured = {r.kind: r for r in program_kpis(active)}
    assert measured[KpiKind.MEETINGS_PER_PAIR].value is not None
    assert measured[KpiKind.MENTOR_RETENTION].value is None


def test_the_closing_check_ins_hold_quotes_and_the_early_pair_stays(demo: DemoSeedResult) -> None:
    closed = program_of(demo, Status.CLOSED)
    closing = CheckIn.objects.filter(pair__program=closed, kind=CheckInKind.CLOSING)

    quotes = closing.filter(quote_allowed=True)
    assert quotes.count() >= 4
    assert all(len(quote.comments) > 40 for quote in quotes)
    assert {c.rating for c in closing} >= {3, 4, 5}
    (early,) = Pair.objects.filter(program=closed, completed=False)
    assert early.end_reason
    assert Pair.objects.filter(program=closed, completed=True).count() >= 2


def test_the_kpi_series_have_weekly_points(demo: DemoSeedResult) -> None:
    for status in (Status.CLOSED, Status.ACTIVE):
        program = program_of(demo, status)
        weeks = KpiSnapshot.objects.filter(program=program).values("week").distinct()
        assert weeks.count() >= 4, status
    closed = program_of(demo, Status.CLOSED)
    assert closed.end_date is not None
    last = KpiSnapshot.objects.filter(program=closed).latest("week").week
    assert last <= closed.end_date


def test_the_results_pages_read_recorded_weeks_of_pair_health(demo: DemoSeedResult) -> None:
    now = timezone.now()
    for status in (Status.CLOSED, Status.ACTIVE):
        program = program_of(demo, status)
        ended = [w for w in program_weeks(program, now=now) if week_end(w) <= now]
        # The current week is recorded too, as of the seeding (``record_this_week``).
        recorded = HealthSnapshot.objects.filter(program=program, week__in=ended)
        running = HealthSnapshot.objects.exclude(week__in=ended).filter(program=program)
        assert ended, status
        assert sorted(recorded.values_list("week", flat=True)) == ended, status
        assert all(week_end(row.week) > row.computed_at for row in running), status
        computed = health_weeks_computed(program, ended, viewer=None, now=now)
        assert [HealthWeek(r.week, r.counts) for r in recorded.order_by("week")] == computed


# --- each story once, tasks for their owners, working hours, enrolments before pairs -----------


def test_each_story_of_trouble_is_told_once_and_the_other_pairs_are_steady(
    demo: DemoSeedResult,
) -> None:
    """As README's demo section says: one pair At risk, two that Need attention (the gap and
    the silent pair), with reasons no other pair shares; the other running pairs on track."""
    active = program_of(demo, Status.ACTIVE)

    rows = health_of_pairs(pairs=Pair.objects.filter(program=active))

    states = Counter(row.state for row in rows)
    assert states[HealthState.AT_RISK] == 1, states
    assert states[HealthState.NEEDS_ATTENTION] == 2, states
    assert states[HealthState.ON_TRACK] >= 2, states
    troubled = [
        row for row in rows if row.state in (HealthState.AT_RISK, HealthState.NEEDS_ATTENTION)
    ]
    rules = [tuple(sorted(f.rule for f in row.health.reasons)) for row in troubled]
    assert len(rules) == len(set(rules)), rules


def test_each_action_item_is_written_for_its_owner(demo: DemoSeedResult) -> None:
    items = ActionItem.objects.filter(pair__program__organization=demo.organization)
    assert items.filter(owner=F("pair__mentor")).exists()
    assert items.filter(owner=F("pair__mentee")).exists()

    for item in items.select_related("pair"):
        role = "mentor" if item.owner_id == item.pair.mentor_id else "mentee"
        assert item.title in words.ACTION_ITEMS[role], (role, item.title)
    # Nothing on the demo mentee's home page is a task for the mentor.
    client = Client()
    client.force_login(demo.personas["mentee"].user)  # type: ignore[arg-type]
    home = client.get("/").content.decode()
    assert not [title for title in words.ACTION_ITEMS["mentor"] if title in home]
    assert "to the mentee" not in home


def test_meetings_fall_on_working_days_in_working_hours(demo: DemoSeedResult) -> None:
    """In the time zone of both people: a weekday, from 8:00 to 18:00 (the demo's pairs all
    have such an hour in common)."""
    meetings = Meeting.objects.filter(pair__program__organization=demo.organization)
    assert meetings.count() > 50

    for meeting in meetings.select_related("pair__mentor", "pair__mentee"):
        for person in (meeting.pair.mentor, meeting.pair.mentee):
            zone = ZoneInfo(person.timezone)
            begins = meeting.starts_at.astimezone(zone)
            ends = (meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes)).astimezone(
                zone
            )
            where = (meeting.pk, person.timezone, begins.strftime("%a %H:%M"))
            assert begins.weekday() < 5, where
            assert dt.time(8) <= begins.time(), where
            assert ends.date() == begins.date(), where
            assert ends.time() <= dt.time(18), where


def test_people_enrolled_before_they_were_matched_and_their_pairs_started(
    demo: DemoSeedResult,
) -> None:
    """The participants export's "Added on" (the enrolment's ``created_at``) lies in the
    program's recruiting weeks, before the matching and the pairs, not on the build day."""
    for status in (Status.ACTIVE, Status.CLOSED):
        program = program_of(demo, status)
        assert program.start_date is not None
        start = dt.datetime.combine(program.start_date, dt.time(), tzinfo=dt.UTC)
        pairs = Pair.objects.filter(program=program)
        published = min(pairs.values_list("created_at", flat=True))
        table = participants_table(program)
        added = table.header.index("Added on (UTC)")
        decided = table.header.index("Decided on (UTC)")
        rows = list(table.rows())
        assert len(rows) == table.count() > 10

        for row in rows:
            assert start - dt.timedelta(days=43) < row[added] < published, (status, row)
            assert row[decided] is None or row[added] < row[decided] < published, (status, row)
        assert len({row[added] for row in rows}) > 3  # spread over the recruiting weeks
        for enrollment in Enrollment.objects.filter(program=program, consented_at__isnull=False):
            assert enrollment.consented_at < published
