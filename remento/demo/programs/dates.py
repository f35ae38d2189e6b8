"""When a demo program's people enrolled, counted back from its start.

``ProgramBuilder._backdate`` moves a program's steps to their days: recruiting opens six weeks
before the start, matching two weeks before it, the pairs are published ten days before it
and start in its first weeks. The enrolments the services wrote on the day of the build are
moved into the recruiting weeks, before the pairs they lead to: each enrolment falls in one
of ``GROUPS`` days spread over those weeks (by its id, so that one UPDATE moves any number
of rows, and the crowd's bulk rows take their day from their position), and the
coordinator's or the person's answer (``decided_at``) follows two days later.
"""

from __future__ import annotations

import datetime as dt

RECRUITING_BEFORE = dt.timedelta(days=42)  # recruiting opens, before the program's start
MATCHING_BEFORE = dt.timedelta(days=14)  # matching opens: recruiting is over
PUBLISHED_BEFORE = dt.timedelta(days=10)  # the pairs are published
ANSWERED_AFTER = dt.timedelta(days=2)  # an application approved, an invitation answered
GROUPS = 8  # the days the enrolments are spread over


def enrolled_at(start: dt.datetime, group: int) -> dt.datetime:
    """When the enrolments of ``group`` (any integer: taken modulo ``GROUPS``) were made, for
    a program that starts at ``start``: from the day after recruiting opened to the last day
    that leaves their answer before matching opens, at ``start``'s time of day."""
    first = start - RECRUITING_BEFORE + dt.timedelta(days=1)
    last = start - MATCHING_BEFORE - ANSWERED_AFTER - dt.timedelta(days=1)
    return first + dt.timedelta(days=(last - first).days * (group % GROUPS) // (GROUPS - 1))
