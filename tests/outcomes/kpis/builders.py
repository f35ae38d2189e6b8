"""A small hand-made program whose every KPI is worked out by hand in the tests.

Program "Digital Leaders 2026" (Active, started Monday 5 October 2026, "today" is Sunday
6 December 2026), four pairs and five more people:

====  ==========================  ===========================  =====================
pair  started / ended             meetings held (and others)   goals
====  ==========================  ===========================  =====================
A     5 Oct / 20 Nov, completed   6 Oct, 20 Oct, 3 Nov, 17 Nov  2 milestones done;
                                  (+1 missed, +1 cancelled)     manual 100 %
B     5 Oct / 30 Oct, early end   7 Oct                         1 of 2 milestones
C     12 Oct / open               13 Oct, 27 Oct, 10 Nov        manual 60 %
D     never started               (1 proposed)                  manual 100 %
====  ==========================  ===========================  =====================

Check-in ratings answered: A's mentor 4 (16 Oct), A's mentee 5 (16 Oct), B's mentee 2
(23 Oct), C's mentor 3 (6 Nov); one open and one missed check-in have none.
B's mentee withdrew after the pair ended; E is an enrolled mentor never matched; F is
invited (mentor), G waitlisted (mentee), H declined (mentor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.models import KpiKind, Program, ProgramKpi
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from remento.relationships.goals.models import Goal, Milestone
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus
from tests.factories import EmployeeFactory, enroll, make_pair, make_program

TODAY = date(2026, 12, 6)  # a Sunday
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

TARGETS = {
    KpiKind.MEETINGS_PER_PAIR: "3",
    KpiKind.GOALS_ACHIEVED: "60",
    KpiKind.CHECKIN_RATING: "4",
    KpiKind.SKILL_GAIN: "1",
    KpiKind.MENTOR_RETENTION: "0",
    KpiKind.COMPLETION: "80",
    KpiKind.PARTICIPATION: "10",
}


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@dataclass
class HandMade:
    program: Program
    pairs: dict[str, Pair]
    people: dict[str, Employee]


def person(organization: Organization, name: str, level: int, **fields: object) -> Employee:
    return EmployeeFactory.create(
        organization=organization, first_name=name, last_name="Test", level=level, **fields
    )


def meeting(pair: Pair, when: datetime, status: str = MeetingStatus.HELD) -> Meeting:
    return Meeting.objects.create(
        pair=pair,
        status=status,
        starts_at=when,
        duration_minutes=45,
        organizer=pair.mentor,
        proposed_by=pair.mentor,
        missed_by="both" if status == MeetingStatus.MISSED else "",
        held_minutes=45 if status == MeetingStatus.HELD else None,
    )


def checkin(
    pair: Pair,
    who: Employee,
    when: datetime,
    rating: int | None,
    *,
    number: int,
    status: str = CheckInStatus.ANSWERED,
) -> CheckIn:
    return CheckIn.objects.create(
        pair=pair,
        employee=who,
        role="mentor" if who == pair.mentor else "mentee",
        kind=CheckInKind.REGULAR,
        number=number,
        status=status,
        opened_at=when - timedelta(days=2),
        remind_at=when + timedelta(days=3),
        remind_again_at=when + timedelta(days=6),
        closes_at=when + timedelta(days=9),
        answered_at=when if status == CheckInStatus.ANSWERED else None,
        rating=rating,
    )


def goal(pair: Pair, *, progress: int = 0, milestones: tuple[datetime | None, ...] = ()) -> Goal:
    made = Goal.objects.create(
        pair=pair, owner=pair.mentee, title=f"Goal of {pair}", progress=progress
    )
    for position, done_at in enumerate(milestones):
        Milestone.objects.create(
            goal=made, title=f"Step {position}", position=position, done_at=done_at
        )
    return made


def _pairs(program: Program, people: dict[str, Employee]) -> dict[str, Pair]:
    pairs = {key: make_pair(program, people[f"{key}1"], people[f"{key}2"]) for key in "abcd"}
    for key, started, ended, completed in (
        ("a", at(10, 5), at(11, 20), True),
        ("b", at(10, 5), at(10, 30), False),
        ("c", at(10, 12), None, None),
    ):
        status = PairStatus.CLOSED if ended else PairStatus.ACTIVE
        Pair.objects.filter(pk=pairs[key].pk).update(
            status=status, started_at=started, ended_at=ended, completed=completed
        )
        pairs[key].refresh_from_db()
    return pairs


def _records(pairs: dict[str, Pair]) -> None:
    a, b, c, d = (pairs[key] for key in "abcd")
    for when in (at(10, 6), at(10, 20), at(11, 3), at(11, 17)):
        meeting(a, when)
    meeting(a, at(10, 27), MeetingStatus.MISSED)
    meeting(a, at(11, 24), MeetingStatus.CANCELLED)
    meeting(b, at(10, 7))
    for when in (at(10, 13), at(10, 27), at(11, 10)):
        meeting(c, when)
    meeting(d, at(12, 10), MeetingStatus.PROPOSED)
    checkin(a, a.mentor, at(10, 16), 4, number=1)
    checkin(a, a.mentee, at(10, 16), 5, number=1)
    checkin(b, b.mentee, at(10, 23), 2, number=1)
    checkin(c, c.mentor, at(11, 6), 3, number=1)
    checkin(c, c.mentee, at(11, 6), None, number=1, status=CheckInStatus.OPEN)
    checkin(b, b.mentor, at(10, 23), None, number=1, status=CheckInStatus.MISSED)
    goal(a, milestones=(at(10, 20), at(11, 3)))
    goal(a, progress=100)
    goal(b, milestones=(at(10, 20), None))
    goal(c, progress=60)
    goal(d, progress=100)
    # The goals were set at the kick-offs; those at 100 % by hand were last changed "today".
    Goal.objects.filter(pair__in=[a, b, c, d]).update(created_at=at(10, 8))


def hand_made_program(organization: Organization, *, kpis: bool = True) -> HandMade:
    """The program of the module's table, with every KPI of the catalogue as a target."""
    program = make_program(organization, start_date=date(2026, 10, 5), end_date=date(2027, 3, 31))
    if kpis:
        for kind, target in TARGETS.items():
            ProgramKpi.objects.create(program=program, kind=kind, target=target)
    people = {
        f"{key}{side}": person(organization, f"{key.upper()}{side}", 2 if side == 1 else 9)
        for key in "abcd"
        for side in (1, 2)
    }
    pairs = _pairs(program, people)
    _records(pairs)
    Enrollment.objects.filter(program=program, employee=people["b2"]).update(
        status=EnrollmentStatus.WITHDRAWN
    )
    for key, level, role, status in (
        ("e", 2, "mentor", EnrollmentStatus.ENROLLED),
        ("f", 3, "mentor", EnrollmentStatus.INVITED),
        ("g", 8, "mentee", EnrollmentStatus.WAITLISTED),
        ("h", 2, "mentor", EnrollmentStatus.DECLINED),
    ):
        people[key] = person(organization, key.upper(), level)
        enroll(program, people[key], role, status=status)
    # Everyone signed up the week before the start, the pairs were made the Thursday after.
    Enrollment.objects.filter(program=program).update(created_at=at(9, 28))
    Pair.objects.filter(program=program).update(created_at=at(10, 1))
    return HandMade(program=program, pairs=pairs, people=people)


def grow(program: Program, organization: Organization, n: int) -> None:
    """``n`` more started pairs with a meeting, a goal with a milestone and two ratings
    each (for the query counts at two sizes)."""
    for index in range(n):
        mentor = person(organization, f"Grow{index}m", 2)
        mentee = person(organization, f"Grow{index}e", 9)
        pair = make_pair(program, mentor, mentee)
        Pair.objects.filter(pk=pair.pk).update(status=PairStatus.ACTIVE, started_at=at(10, 5))
        meeting(pair, at(10, 6))
        goal(pair, milestones=(at(10, 20),))
        checkin(pair, mentor, at(10, 16), 4, number=1)
        checkin(pair, mentee, at(10, 16), 3, number=1)
