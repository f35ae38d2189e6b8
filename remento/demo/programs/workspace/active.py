"""The Active program's pairs: one story per running pair (see the package's docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from remento.demo.programs.workspace import words
from remento.demo.programs.workspace.past import DAY, PairPast, checkins_round, pair_rng
from remento.demo.steps import DemoContext
from remento.programs.models import Program
from remento.relationships.models import Pair, PairStatus
from remento.relationships.safety.models import SafetyReason, SafetyRequest, SafetyWish
from remento.relationships.safety.services import safety_request_create

# Every story's days, counted back from today. The pairs started 40 to 49 days ago
# (``ProgramBuilder._backdate``), so the first meeting, 38 days ago at the earliest, follows.
FIRST_ROUND_AFTER = 1  # the first check-in opens the day after the first meeting
ROUND_EVERY = 28  # the program's default check-in plan


class ActiveStories:
    """The stories, by name. Each writes its pair's meetings, goals and notes and returns how
    many days ago the pair's first meeting was (its first check-in opens the day after);
    ``first_answers`` and ``second_answers`` answer the check-ins of the two rounds."""

    def __init__(self, context: DemoContext, program: Program):
        self.context = context
        self.program = program
        self.today = context.today
        assert program.end_date is not None
        self.target = program.end_date - 14 * DAY

    def ago(self, days: int) -> dt.date:
        return self.today - days * DAY

    def ahead(self, days: int) -> dt.date:
        return self.today + days * DAY

    # --- the stories: meetings and goals --------------------------------------------------------

    def showcase(self, p: PairPast) -> int:
        p.pair_note(day=self.ago(37))
        p.held(by="mentee", day=self.ago(38))
        p.held(by="mentor", day=self.ago(24))
        p.held(by="mentee", day=self.ago(10))
        p.to_log(by="mentor", day=self.ago(1), hour=15)  # both are asked to log it
        p.propose(by="mentor", day=self.ahead(6))  # the mentee answers it
        p.propose(by="mentee", day=self.ahead(20), hour=9)  # the mentor answers it
        p.goals(done=(2, 1), target=self.target, set_on=self.ago(38))
        p.milestones_done_over([self.ago(10)])
        p.action_item(owner="mentor", due=self.ago(20), done=True)
        p.action_item(owner="mentee", due=self.ahead(4), done=False)
        p.private_note("mentor")
        p.private_note("mentee")
        return 38

    def on_track(self, p: PairPast) -> int:
        p.held(by="mentor", day=self.ago(36))
        p.held(by="mentee", day=self.ago(22))
        p.held(by="mentor", day=self.ago(8))
        p.confirmed(by="mentee", day=self.ahead(6))
        p.goals(done=(3, 2), target=self.target, set_on=self.ago(36))
        p.milestones_done_over([self.ago(8)])
        p.action_item(owner="mentee", due=self.ahead(5), done=False)
        return 36

    def ghosting(self, p: PairPast) -> int:
        p.held(by="mentor", day=self.ago(38))
        p.cancelled(by="mentor", cancelled_by="mentee", day=self.ago(31))
        p.cancelled(by="mentor", cancelled_by="mentee", day=self.ago(24))
        p.missed(by="mentor", day=self.ago(17), missed_by="mentee")
        p.goals(done=(0,), target=self.target, set_on=self.ago(38))
        p.private_note("mentor")
        return 38

    def gap(self, p: PairPast) -> int:
        p.held(by="mentee", day=self.ago(37))
        p.held(by="mentor", day=self.ago(21))
        p.goals(done=(1, 0), target=self.target, set_on=self.ago(37))
        p.milestones_done_over([self.ago(21)])
        p.action_item(owner="mentor", due=self.ago(14), done=False)
        return 37

    def silent(self, p: PairPast) -> int:
        p.held(by="mentor", day=self.ago(35))
        p.held(by="mentor", day=self.ago(21))
        p.held(by="mentee", day=self.ago(7))
        p.goals(done=(1, 1), target=self.target, set_on=self.ago(35))
        p.milestones_done_over([self.ago(7)])
        return 35

    # --- the stories: check-ins ---------------------------------------------------------------

    def first_answers(self, story: str, p: PairPast, opened: dt.date) -> None:
        day = opened + 2 * DAY
        if story == "showcase":
            p.answer("mentee", rating=4, day=day)
            p.answer("mentor", rating=5, day=day)
        elif story in ("on_track", "gap"):
            p.answer("mentee", rating=4, day=day)
            p.answer("mentor", rating=4, day=day)
        elif story == "ghosting":
            p.answer("mentor", rating=2, day=day, fit="unsure")

    def second_answers(self, story: str, p: PairPast, opened: dt.date) -> None:
        day = opened + 2 * DAY
        if story == "on_track" and day <= self.today:
            p.answer("mentee", rating=5, day=day)
            p.answer("mentor", rating=4, day=day)
        elif story == "gap" and day <= self.today:
            p.answer("mentee", rating=3, day=day)
        # The showcase pair's check-in stays open: both find it on their home page.


# The stories of the running pairs but the demo pair, each told once, in this order (the first
# pair's mentee answers nothing: ``ActiveProgramBuilder._first_assessments``); the pairs beyond
# them are steady: two pairs with the same trouble in the same words would read as made up.
STORIES = ("ghosting", "gap", "silent", "on_track")
STEADY = "on_track"


def active_histories(context: DemoContext, program: Program, showcase: Pair) -> None:
    """Give the Active program's running pairs their histories (see the package's
    docstring); ``showcase`` is the demo mentor and mentee's pair."""
    stories = ActiveStories(context, program)
    running = list(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE)
        .exclude(pk=showcase.pk)
        .select_related("program", "mentor", "mentee")
        .order_by("pk")
    )
    cast: list[tuple[str, Pair]] = [("showcase", Pair.objects.get(pk=showcase.pk))]
    cast += [
        (STORIES[index] if index < len(STORIES) else STEADY, pair)
        for index, pair in enumerate(running)
    ]
    pasts: dict[int, tuple[str, PairPast]] = {}
    first: dict[int, dt.date] = {}
    for story, pair in cast:
        past = PairPast(pair, today=context.today, rng=pair_rng(context, pair))
        write: Callable[[PairPast], int] = getattr(stories, story)
        first[pair.pk] = stories.ago(write(past)) + FIRST_ROUND_AFTER * DAY
        pasts[pair.pk] = (story, past)
    pairs = [pair for _story, pair in cast]
    checkins_round(pairs, first)
    for pair_pk, (story, past) in pasts.items():
        stories.first_answers(story, past, first[pair_pk])
    second = {pk: day + ROUND_EVERY * DAY for pk, day in first.items()}
    checkins_round(pairs, {pk: day for pk, day in second.items() if day <= context.today})
    for pair_pk, (story, past) in pasts.items():
        stories.second_answers(story, past, second[pair_pk])
    # The first ghosted mentor asks the coordinator, confidentially, what to do.
    ghosted = [past for story, past in pasts.values() if story == "ghosting"]
    if ghosted:
        request = safety_request_create(
            actor=ghosted[0].user("mentor"),
            pair=ghosted[0].pair,
            wish=SafetyWish.CHANGE,
            reason=SafetyReason.SCHEDULES,
            details=words.SAFETY_DETAILS,
        )
        # Asked two days ago, after the missed meeting (see ``past``: history is moved to its
        # day after the service wrote it).
        asked = timezone.now() - 2 * DAY
        SafetyRequest.objects.filter(pk=request.pk).update(created_at=asked, updated_at=asked)
