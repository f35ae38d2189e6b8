"""Writing a demo pair's past through the workspace services, then moving it to its day.

Every meeting, note, goal and check-in is written by the person who would write it, through
the project's services. The services only take what happens *now*: a meeting is proposed for
the future, a log, a cancellation, a check-in answer are stamped with the current time. A
demo of a pair that has met for weeks needs that history in the past, so after each write
this module moves the row's own timestamps to the day it happened, with one narrow
``QuerySet.update`` on that row's date fields (never its content), as
``ProgramBuilder._backdate`` does for the programs: the demo's only bypass of the services.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.utils import timezone

from remento.core.models import User
from remento.demo.programs.cast import acting_user
from remento.demo.programs.workspace import words
from remento.demo.steps import DemoContext
from remento.enrollment.models import QuestionKind
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from remento.relationships.checkins.plans import plans_for
from remento.relationships.checkins.schedule import checkins_process
from remento.relationships.checkins.services import checkin_answer, questions_for
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.goals.services import goal_update, goals_seed, milestone_toggle
from remento.relationships.meetings.checks import local_to_utc
from remento.relationships.meetings.models import DURATION_MIN, Meeting
from remento.relationships.meetings.selectors import pair_zones
from remento.relationships.meetings.services import (
    meeting_accept,
    meeting_cancel,
    meeting_log,
    meeting_propose,
)
from remento.relationships.models import Pair
from remento.relationships.notes.models import ActionItem, SharedNote
from remento.relationships.notes.services import (
    action_item_create,
    action_item_toggle,
    private_note_save,
    shared_note_save,
)

DAY = dt.timedelta(days=1)
# A working relationship meets on working days, in working hours: a meeting starts at one of
# ``WORK_HOURS`` of its proposer's day, and fits from ``WORKDAY_FROM`` to ``WORKDAY_TO`` of
# both people's where their time zones allow (``PairPast._slot``).
WEEKEND = 5  # ``date.weekday()`` of Saturday: 5 and 6 are the weekend
WORK_HOURS = tuple(range(9, 17))
WORKDAY_FROM, WORKDAY_TO = dt.time(8), dt.time(18)
SLOT_DAYS = 3  # the furthest a meeting moves from the day its story gives it
# Far enough ahead to be in the future in every time zone, whatever the hour of the build.
AHEAD = 2


class PairPast:
    """One pair's history, written as its two people. Days are dates in the server's time
    zone; each meeting starts at ``hour`` in its proposer's own time zone."""

    def __init__(self, pair: Pair, *, today: dt.date, rng: random.Random):
        self.pair = pair
        self.today = today
        self.rng = rng
        self.users = {"mentor": acting_user(pair.mentor), "mentee": acting_user(pair.mentee)}
        self.people = {"mentor": pair.mentor, "mentee": pair.mentee}
        self.zones = pair_zones(pair=pair)
        self.turns: dict[str, int] = {}
        # The length the program plans, within what a meeting may last.
        self.minutes = min(max(pair.program.meeting_length_minutes or 45, DURATION_MIN), 120)

    def pick(self, name: str, role: str = "") -> str:
        """The next of ``words.<name>`` for this pair (of ``words.<name>[role]``, for words
        kept by who they are for): each pair starts at a random place and goes round, so a
        pair never reads the same note twice in a row."""
        options: Sequence[str] = getattr(words, name)[role] if role else getattr(words, name)
        key = f"{name}:{role}"
        turn = self.turns.get(key, self.rng.randrange(len(options)))
        self.turns[key] = turn + 1
        return options[turn % len(options)]

    def user(self, role: str) -> User:
        return self.users[role]

    @staticmethod
    def other(role: str) -> str:
        return "mentee" if role == "mentor" else "mentor"

    def _start(self, role: str, day: dt.date, hour: int) -> dt.datetime:
        return local_to_utc(day, dt.time(hour), self.zones[self.people[role].pk])

    def _working(self, role: str, starts_at: dt.datetime) -> bool:
        """Whether a meeting at ``starts_at`` falls in ``role``'s working hours: a weekday,
        from ``WORKDAY_FROM`` to ``WORKDAY_TO``, in their own time zone."""
        zone = ZoneInfo(self.zones[self.people[role].pk])
        begins = starts_at.astimezone(zone)
        ends = (starts_at + dt.timedelta(minutes=self.minutes)).astimezone(zone)
        return (
            begins.weekday() < WEEKEND
            and begins.date() == ends.date()
            and begins.time() >= WORKDAY_FROM
            and ends.time() <= WORKDAY_TO
        )

    def _slot(self, *, by: str, day: dt.date, hour: int, ahead: bool) -> tuple[dt.date, int]:
        """The working day and hour nearest ``day`` and ``hour`` for a meeting ``by`` sets:
        a weekday of theirs, at an hour of their working day and, where one fits, of their
        partner's too. A meeting in the past moves earlier (never past the day it stands for:
        a story's check-ins follow its meetings), one ahead moves later (still ahead); by
        ``SLOT_DAYS`` days at most."""
        step = DAY if ahead else -DAY
        days = [day + shift * step for shift in range(SLOT_DAYS + 1)]
        weekdays = [each for each in days if each.weekday() < WEEKEND]
        hours = sorted(WORK_HOURS, key=lambda each: (abs(each - hour), each))
        # A past meeting has ended and been logged (``held``: two hours after its start).
        latest = timezone.now() - 3 * dt.timedelta(hours=1)
        for each in weekdays:
            for at in hours:
                starts_at = self._start(by, each, at)
                if (
                    (ahead or starts_at <= latest)
                    and self._working(by, starts_at)
                    and self._working(self.other(by), starts_at)
                ):
                    return each, at
        # No hour suits both (their time zones are too far apart): the proposer's own day.
        return weekdays[0], min(max(hour, WORK_HOURS[0]), WORK_HOURS[-1])

    # --- meetings ------------------------------------------------------------------------------

    def propose(self, *, by: str, day: dt.date, hour: int = 10) -> Meeting:
        """A meeting ``by`` proposes for ``day`` (or the working day and hour nearest it,
        ``_slot``), which must be ahead (the partner answers)."""
        day, hour = self._slot(by=by, day=day, hour=hour, ahead=True)
        video = self.rng.random() < 0.6
        (meeting,) = meeting_propose(
            actor=self.user(by),
            pair=self.pair,
            day=day,
            at=dt.time(hour),
            duration_minutes=self.minutes,
            location="" if video else self.pick("LOCATIONS"),
            video_url=words.VIDEO_URL if video else "",
            agenda=self.pick("AGENDAS"),
        )
        return meeting

    def confirmed(self, *, by: str, day: dt.date, hour: int = 10) -> Meeting:
        """A meeting ``by`` proposed and the partner accepted, on a day ahead."""
        meeting = self.propose(by=by, day=day, hour=hour)
        meeting_accept(actor=self.user(self.other(by)), meeting=meeting)
        return meeting

    def _past(self, meeting: Meeting, *, by: str, day: dt.date, hour: int) -> Meeting:
        # Proposed and accepted a week before it took place (see the module's docstring).
        starts_at = self._start(by, day, hour)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=starts_at, created_at=starts_at - 7 * DAY, updated_at=starts_at - 6 * DAY
        )
        meeting.refresh_from_db()
        return meeting

    def to_log(self, *, by: str, day: dt.date, hour: int = 10) -> Meeting:
        """A confirmed meeting on a past ``day`` (or the working day and hour before it,
        ``_slot``) that nobody has logged yet."""
        day, hour = self._slot(by=by, day=day, hour=hour, ahead=False)
        meeting = self.confirmed(by=by, day=self.today + AHEAD * DAY, hour=hour)
        return self._past(meeting, by=by, day=day, hour=hour)

    def held(self, *, by: str, day: dt.date, hour: int = 10, note: bool = True) -> Meeting:
        """A meeting on a past ``day``, held and logged by its proposer, with shared notes."""
        meeting = self.to_log(by=by, day=day, hour=hour)
        meeting = meeting_log(
            actor=self.user(by),
            meeting=meeting,
            held=True,
            held_minutes=max(1, self.minutes + self.rng.choice((-10, -5, 0, 5))),
            topics=self.pick("TOPICS"),
        )
        logged = meeting.starts_at + dt.timedelta(hours=2)
        Meeting.objects.filter(pk=meeting.pk).update(logged_at=logged, updated_at=logged)
        if note:
            shared = shared_note_save(
                actor=self.user(self.other(by)),
                pair=self.pair,
                body=self.pick("SHARED_NOTES"),
                meeting=meeting,
            )
            SharedNote.objects.filter(pk=shared.pk).update(created_at=logged, updated_at=logged)
        return meeting

    def missed(self, *, by: str, day: dt.date, missed_by: str, hour: int = 10) -> Meeting:
        """A meeting on a past ``day`` that ``missed_by`` ("mentor", "mentee", "both") missed."""
        meeting = self.to_log(by=by, day=day, hour=hour)
        logger = self.other(missed_by) if missed_by != "both" else by
        meeting = meeting_log(
            actor=self.user(logger), meeting=meeting, held=False, missed_by=missed_by
        )
        logged = meeting.starts_at + dt.timedelta(hours=1)
        Meeting.objects.filter(pk=meeting.pk).update(logged_at=logged, updated_at=logged)
        return meeting

    def cancelled(self, *, by: str, cancelled_by: str, day: dt.date, hour: int = 10) -> Meeting:
        """A meeting on a past ``day`` (or the working day and hour before it, ``_slot``)
        that ``cancelled_by`` cancelled the day before."""
        day, hour = self._slot(by=by, day=day, hour=hour, ahead=False)
        meeting = self.confirmed(by=by, day=self.today + AHEAD * DAY, hour=hour)
        meeting_cancel(actor=self.user(cancelled_by), meeting=meeting)
        meeting = self._past(meeting, by=by, day=day, hour=hour)
        Meeting.objects.filter(pk=meeting.pk).update(
            cancelled_at=meeting.starts_at - DAY, updated_at=meeting.starts_at - DAY
        )
        return meeting

    # --- goals, action items, notes ----------------------------------------------------------

    def goals(
        self, *, done: Sequence[int], target: dt.date, set_on: dt.date, every: bool = False
    ) -> list[Goal]:
        """The pair's goals, set on ``set_on`` from its agreement and skills by the mentee,
        each with milestones; ``done[i]`` of the i-th goal's milestones are done (the rest
        are not). The goals past ``len(done)`` are left as seeded, or, with ``every``, take
        ``done`` again in turn. (Dated on their day, not today's: the weekly health history
        counts a pair without goals six weeks after its start as needing attention.)"""
        goals = goals_seed(actor=self.user("mentee"), pair=self.pair)
        if every:
            done = [done[index % len(done)] for index in range(len(goals))]
        for goal, count in zip(goals, done, strict=False):
            goal_update(
                actor=self.user("mentee"),
                goal=goal,
                title=goal.title,
                detail=goal.detail,
                target_date=target,
                progress=0,
                milestones=words.MILESTONES,
            )
            for milestone in list(goal.milestones.all())[:count]:
                milestone_toggle(actor=self.user("mentor"), milestone=milestone, done=True)
        Goal.objects.filter(pair=self.pair).update(
            created_at=_noon(set_on), updated_at=_noon(set_on)
        )
        return goals

    def milestones_done_over(self, days: Sequence[dt.date]) -> None:
        """Each goal's done milestones ticked off in order, one on each of ``days`` (the
        last day for any beyond them)."""
        done = list(
            Milestone.objects.filter(goal__pair=self.pair, done_at__isnull=False)
            .order_by("goal_id", "position", "pk")
            .only("pk", "goal_id")
        )
        ticked: dict[int, int] = {}
        for milestone in done:
            index = ticked[milestone.goal_id] = ticked.get(milestone.goal_id, -1) + 1
            milestone.done_at = _noon(days[min(index, len(days) - 1)])
        Milestone.objects.bulk_update(done, ["done_at"])

    def action_item(self, *, owner: str, due: dt.date, done: bool) -> ActionItem:
        """An action item for ``owner``, due on ``due``; a due date further back than the
        service takes (a year) is written as today's, then moved to its day."""
        item = action_item_create(
            actor=self.user("mentor"),
            pair=self.pair,
            title=self.pick("ACTION_ITEMS", owner),  # a task written for its owner
            owner=self.people[owner],
            due_date=max(due, self.today),
        )
        if due < self.today:
            ActionItem.objects.filter(pk=item.pk).update(due_date=due)
        if done:
            action_item_toggle(actor=self.user(owner), item=item, done=True)
            ActionItem.objects.filter(pk=item.pk).update(done_at=_noon(due - DAY))
        return item

    def pair_note(self, *, day: dt.date) -> None:
        note = shared_note_save(actor=self.user("mentee"), pair=self.pair, body=words.PAIR_NOTE)
        SharedNote.objects.filter(pk=note.pk).update(created_at=_noon(day), updated_at=_noon(day))

    def private_note(self, role: str) -> None:
        """Written by its author through the service: only they will ever read it."""
        private_note_save(actor=self.user(role), pair=self.pair, body=words.PRIVATE_NOTES[role])

    # --- check-ins -----------------------------------------------------------------------------

    def checkins(self, status: str = CheckInStatus.OPEN) -> dict[str, CheckIn]:
        """The latest check-in of each person with ``status``, by role."""
        latest: dict[str, CheckIn] = {}
        for checkin in CheckIn.objects.filter(pair=self.pair, status=status).order_by("opened_at"):
            latest[checkin.role] = checkin
        return latest

    def answer(
        self,
        role: str,
        *,
        rating: int,
        day: dt.date,
        fit: str = "yes",
        comments: str = "",
        quote_allowed: bool = False,
    ) -> CheckIn:
        """``role`` answers their open check-in with ``rating`` (and the program's
        questions), on ``day``; ``comments`` (a stock line for the mood when empty) may be
        quoted in the program's report when ``quote_allowed`` (closing check-ins)."""
        checkin = self.checkins()[role]
        mood = 0 if rating >= 4 else 1 if rating == 3 else 2
        answers: dict[int, object] = {}
        texts = words.CLOSING_TEXT if checkin.kind == CheckInKind.CLOSING else words.CHECKIN_TEXT
        for question in questions_for(
            program_id=self.pair.program_id, role=role, kind=checkin.kind
        ):
            if question.kind == QuestionKind.SCALE:
                answers[question.pk] = max(1, rating - self.rng.randint(0, 1))
            elif question.kind == QuestionKind.TEXT:
                answers[question.pk] = texts[role][mood]
            elif question.choices:
                answers[question.pk] = (
                    [question.choices[0]]
                    if question.kind == QuestionKind.MULTIPLE
                    else question.choices[0]
                )
        checkin = checkin_answer(
            actor=self.user(role),
            checkin=checkin,
            rating=rating,
            fit=fit if checkin.asks_fit else "",
            comments=comments or words.CHECKIN_COMMENTS[mood],
            answers=answers,
            quote_allowed=quote_allowed,
        )
        CheckIn.objects.filter(pk=checkin.pk).update(answered_at=_noon(day), updated_at=_noon(day))
        return checkin


def checkins_round(pairs: Sequence[Pair], opened: dict[int, dt.date]) -> int:
    """Run the check-in sweep (what the background task runs on its schedule: it opens the
    check-ins due now, reminds, and marks late ones missed), then move the check-ins it has
    just opened for ``pairs`` to the day each pair's round opened (``opened`` by pair id),
    with the reminder and closing times the program's plan gives from that day."""
    started = timezone.now()
    checkins_process()
    moved = 0
    plans = plans_for({pair.program_id for pair in pairs})
    for pair in pairs:
        if pair.pk not in opened:
            continue
        step = dt.timedelta(days=plans[pair.program_id].remind_after_days)
        at = _noon(opened[pair.pk])
        moved += CheckIn.objects.filter(pair=pair, opened_at__gte=started).update(
            opened_at=at,
            notified_at=at,
            remind_at=at + step,
            remind_again_at=at + 2 * step,
            closes_at=at + 3 * step,
            created_at=at,
            updated_at=at,
        )
    return moved


def closing_checkins_date(pair: Pair, day: dt.date) -> None:
    """The closing check-ins opened when the pair ended (``pair_close``), moved to its end."""
    at = _noon(day)
    CheckIn.objects.filter(pair=pair, kind="closing").update(
        opened_at=at, notified_at=at, created_at=at
    )


def pair_rng(context: DemoContext, pair: Pair, part: str = "") -> random.Random:
    """The pair's own seeded randomness, named by its two people (not by row ids, which a
    rebuild changes), so a rebuilt demo writes the same history."""
    return context.rng(f"workspace:{pair.mentor.employee_id}:{pair.mentee.employee_id}{part}")


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
