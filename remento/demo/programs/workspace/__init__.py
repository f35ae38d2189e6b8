"""The pair workspace's history in the demo programs.

The Active program's running pairs get weeks of history, one story per pair, so that the
coordinator's health board shows every state with its reasons, whatever day the demo is
built (every day counts back from the demo's ``today``; the pairs started six to seven weeks
before it, and meet every two weeks, on working days in working hours: ``PairPast._slot``):

* ``showcase`` — the demo mentor and mentee: three meetings held, one past meeting to log,
  a proposed meeting for each of them to answer, a check-in due for both, goals half-way,
  action items, shared and private notes. **On track.**
* ``on_track`` — a steady pair: a meeting a fortnight, the next one booked, good ratings;
  every running pair beyond the stories' is steady too (each story of trouble is told once).
* ``ghosting`` — the senior mentee cancelled twice and missed once since the first meeting
  (executive ghosting), left the check-ins unanswered; the mentor rated the pair 2/5 and
  asked the coordinator, confidentially, for help (a safety request waiting). **At risk.**
* ``gap`` — no meeting for three weeks and none booked; the mentee's rating fell from 4 to
  3. **Needs attention.**
* ``silent`` — meets on rhythm but leaves every check-in unanswered. **Needs attention.**

The pairs still launching are **Too early to tell**; the running pairs' mentees have rated
themselves on the skills they came for, but for the demo mentee and the ghosting pair's, whose
first assessment waits. The Closed program's pairs get complete histories: a meeting a month
until the pilot ended (until half-way for the pair that ended early), most goals reached,
every check-in answered, the closing ones with comments most allow the report to quote, and
skill assessments at the start (two learners only answered at the end, looking back) and at
the end, by each learner and their mentor (``assessments``).

``ProgramBuilder`` calls these while it builds each program (in its transaction), so a second
run of the demo adds nothing: a program that exists is not built again.
"""

from __future__ import annotations

from remento.demo.programs.workspace.active import active_histories
from remento.demo.programs.workspace.assessments import (
    answer_afters,
    answer_befores,
    assessments_date,
)
from remento.demo.programs.workspace.closed import closed_histories_live, closed_histories_settle

__all__ = [
    "active_histories",
    "answer_afters",
    "answer_befores",
    "assessments_date",
    "closed_histories_live",
    "closed_histories_settle",
]
