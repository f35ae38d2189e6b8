"""The Closed program's pairs: complete histories (see the package's docstring).

Written in two steps around the pairs' ending: ``closed_histories_live`` while the pairs are
active (meetings, goals, notes, the first and regular check-ins), then, once
``ProgramBuilder`` has closed them and moved the pairs to their dates,
``closed_histories_settle`` answers the closing check-ins on the day each pair ended.
"""

from __future__ import annotations

import datetime as dt

from remento.demo.programs.workspace import words
from remento.demo.programs.workspace.past import (
    DAY,
    PairPast,
    checkins_round,
    closing_checkins_date,
    pair_rng,
)
from remento.demo.steps import DemoContext
from remento.programs.models import Program
from remento.relationships.models import Pair

MEETING_EVERY = 28  # the pilot's monthly rhythm
FIRST_MEETING_AFTER = 21  # days after the program's start: every pair has started by then
CHECKIN_EVERY = 28


def _meeting_days(program: Program, early: bool) -> list[dt.date]:
    assert program.start_date is not None
    assert program.end_date is not None
    start, end = program.start_date, program.end_date
    last = start + (end - start) / 2 if early else end - 7 * DAY
    days, day = [], start + FIRST_MEETING_AFTER * DAY
    while day <= last:
        days.append(day)
        day += MEETING_EVERY * DAY
    return days


def _meetings(past: PairPast, days: list[dt.date]) -> None:
    """A meeting on each of ``days``, proposed in turn by each person; the third missed by
    the mentee in about half the pairs."""
    for index, day in enumerate(days):
        by = "mentee" if index % 2 else "mentor"
        if index == 2 and past.rng.random() < 0.5:
            past.missed(by=by, day=day, missed_by="mentee")
        else:
            past.held(by=by, day=day, note=index < 3)


def closed_histories_live(
    context: DemoContext, program: Program, pairs: list[Pair], early: Pair | None
) -> None:
    """Before the pairs end: a meeting a month (see ``_meetings``),
    goals with every milestone done (half of them for the pair that ends early), notes,
    and every check-in round answered by both."""
    pasts: dict[int, PairPast] = {}
    rounds: dict[int, list[dt.date]] = {}
    odd: dict[int, int] = {}
    for position, pair in enumerate(pairs):
        past = PairPast(pair, today=context.today, rng=pair_rng(context, pair))
        pasts[pair.pk] = past
        days = _meeting_days(program, early=pair == early)
        _meetings(past, days)
        progress = words.CLOSED_GOAL_PROGRESS[position % len(words.CLOSED_GOAL_PROGRESS)]
        past.goals(
            done=(2, 4) if pair == early else progress,
            target=days[-1],
            set_on=days[0],
            every=True,
        )
        past.milestones_done_over(days[1:])  # one a month, from the second meeting
        past.action_item(owner="mentee", due=days[1], done=True)
        past.pair_note(day=days[0])
        first = days[0] + DAY
        odd[pair.pk] = position % 2
        rounds[pair.pk] = [first + CHECKIN_EVERY * DAY * n for n in range(len(days))]
    # As many rounds as the shortest pair had: the sweep opens a round for every active pair
    # at once, the one that ends early included.
    for number in range(min(len(r) for r in rounds.values())):
        opened = {pk: days[number] for pk, days in rounds.items()}
        checkins_round(pairs, opened)
        for pair_pk, day in opened.items():
            past = pasts[pair_pk]
            rating = 4 if number == 0 else 5 - (odd[pair_pk] + number) % 2
            past.answer("mentee", rating=rating, day=day + DAY)
            past.answer("mentor", rating=rating, day=day + 2 * DAY)


def closed_histories_settle(context: DemoContext, program: Program) -> None:
    """After the pairs ended: both people answer their closing check-in, on the day after
    the pair ended, with a rating and a comment (``words.CLOSING``), most of them allowing
    it to be quoted in the report. The pair that ended early says what got in the way."""
    pairs = Pair.objects.filter(program=program).select_related("program", "mentor", "mentee")
    mentees, mentors = words.CLOSING["mentee"], words.CLOSING["mentor"]
    for position, pair in enumerate(pairs.order_by("pk")):
        assert pair.ended_at is not None
        ended = pair.ended_at.date()
        closing_checkins_date(pair, ended)
        past = PairPast(pair, today=context.today, rng=pair_rng(context, pair, ":end"))
        if pair.completed is False:
            said = {"mentee": mentees[-1], "mentor": mentors[-1]}
        else:
            said = {
                "mentee": mentees[position % (len(mentees) - 1)],
                "mentor": mentors[position % (len(mentors) - 1)],
            }
        for role, (rating, comments, quote) in said.items():
            past.answer(
                role, rating=rating, day=ended + DAY, comments=comments, quote_allowed=quote
            )
