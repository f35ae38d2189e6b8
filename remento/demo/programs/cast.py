"""Who takes part in which demo program: chosen once, deterministically, for all five.

The whole casting is computed on every run, also for programs that exist already, so that
rebuilding one missing program gives it the same people as the first time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from remento.core.models import Organization, User
from remento.demo.programs.content import CLOSED_STARTED_DAYS_AGO, LEVELS
from remento.demo.programs.crowd import Crowd, crowd_casts
from remento.demo.steps import DemoContext
from remento.outcomes.comparison.strata import Stratum, stratum, tenure_band
from remento.people.models import Employee, LevelChange


@dataclass
class ProgramCast:
    mentors: list[Employee] = field(default_factory=list)
    mentees: list[Employee] = field(default_factory=list)
    # At a large company's size, the people beside the story (``crowd``); None at the default.
    crowd: Crowd | None = None


class _Queue:
    """People in a fixed random order, handed out in turn; a small company wraps around,
    so a person may take part in two programs, but never twice in one."""

    def __init__(self, people: list[int]):
        self.people = people
        self.cursor = 0

    def ahead(self) -> list[int]:
        """Everyone, in the order they will be handed out from now on."""
        return self.people[self.cursor :] + self.people[: self.cursor]

    def take(self, count: int, eligible: set[int], preferred: set[int] | None = None) -> list[int]:
        """The next ``count`` people of ``eligible`` in turn, those of ``preferred`` first
        when given (the others fill in); the cursor moves past the last one taken."""
        size = len(self.people)
        ahead = [
            (i, pk)
            for i in range(size)
            if (pk := self.people[(self.cursor + i) % size]) in eligible
        ]
        count = min(count, len(ahead))
        fits = [(i, pk) for i, pk in ahead if preferred is None or pk in preferred][:count]
        if len(fits) < count:
            taken = {i for i, _pk in fits}
            fits += [(i, pk) for i, pk in ahead if i not in taken][: count - len(fits)]
        if fits:
            self.cursor = (self.cursor + max(i for i, _pk in fits) + 1) % size
        return [pk for _i, pk in fits]


# A cohort's size: a demo of 100,000 people still runs programs of a realistic size (and
# builds them in seconds).
MAX_MENTEES = {"active": 10, "closed": 8, "matching": 6, "recruiting": 8}


def mentee_counts(seniors: int) -> dict[str, int]:
    """How many mentees each program gets out of ``seniors`` people: two at least, and
    ``MAX_MENTEES`` at most."""
    active = max(2, round(0.3 * seniors))
    closed = max(2, round(0.25 * seniors))
    matching = max(2, round(0.2 * seniors))
    recruiting = max(2, seniors - active - closed - matching)
    counts = {"active": active, "closed": closed, "matching": matching, "recruiting": recruiting}
    return {key: min(count, MAX_MENTEES[key]) for key, count in counts.items()}


# Mentors beyond the mentees: spare mentors in the pools, applicants who wait or are
# declined in the recruiting program.
EXTRA_MENTORS = {"active": 3, "closed": 4, "matching": 3, "recruiting": 5}


# The order the programs take their people in: the Closed program last, so that a rebuild
# of the others after the HRIS history (leavers, promotions among the pilot's mentors)
# gives them the same people.
CAST_ORDER = ("active", "matching", "recruiting", "closed")


def program_casts(context: DemoContext) -> dict[str, ProgramCast]:
    """The mentors and mentees of every demo program, by state.

    The demo mentor and mentee sign-ins are kept for the active program, where they are a
    pair; the coordinator and the admin take part in none. The chief executive is left out
    as a mentee: everyone is in their reporting line, so no one could mentor them.

    The juniors are queued as they were when the Closed program started (those who have
    left since and those promoted since included), and skipped when no longer eligible:
    the HRIS history (``demo.people.history``) then never moves anyone up the queue.
    """
    start = closed_start(context.today)
    juniors, eligible = _juniors(context, start)
    seniors = _seniors(context)
    rng = context.rng("programs:cast")
    rng.shuffle(juniors)
    rng.shuffle(seniors)
    mentors, mentees = _Queue(juniors), _Queue(seniors)
    # The Closed program ran sixteen months ago: its people were with the company by then,
    # and its mentors come from teams with colleagues like them (see ``_comparable``).
    people = Employee.objects.filter(organization=context.organization, is_active=True)
    hired = set(people.filter(hire_date__lte=start).values_list("pk", flat=True))
    counts = mentee_counts(len(seniors))
    chosen: dict[str, tuple[list[int], list[int]]] = {}
    for key in CAST_ORDER:
        closed = key == "closed"
        picked = mentees.take(counts[key], set(seniors), hired if closed else None)
        comparable = _comparable(people, start, mentors.ahead()) if closed else None
        chosen[key] = (mentors.take(counts[key] + EXTRA_MENTORS[key], eligible, comparable), picked)
    wanted = {pk for pair in chosen.values() for side in pair for pk in side}
    employees = Employee.objects.select_related("user").in_bulk(wanted)
    casts = {
        key: ProgramCast(
            mentors=[employees[pk] for pk in mentor_pks],
            mentees=[employees[pk] for pk in mentee_pks],
        )
        for key, (mentor_pks, mentee_pks) in chosen.items()
    }
    active = casts["active"]
    active.mentors = [context.personas["mentor"], *active.mentors]
    active.mentees = [context.personas["mentee"], *active.mentees]
    # The crowd after the stories, with randomness of its own: the stories stay the same.
    taken = wanted | {employee.pk for employee in context.personas.values()}
    crowds = crowd_casts(context.organization, context.rng("programs:crowd"), taken)
    for key, crowd in crowds.items():
        casts[key].crowd = crowd
    return casts


# The fewest colleagues of the same stratum a Closed-program mentor has.
COMPARABLE = 2


def _comparable(people: QuerySet[Employee], start: dt.date, order: list[int]) -> set[int]:
    """Juniors with the company at ``start`` who share their stratum (department, level band,
    generation and tenure band, as the retention comparison cuts them) with at least
    ``COMPARABLE`` other juniors: a pilot's mentors have comparable colleagues who did not
    take part, so the demo's comparison has a group to compare with."""
    rows = people.filter(
        level__gte=LEVELS["mentor_min_level"],
        level__lte=LEVELS["mentor_max_level"],
        hire_date__lte=start,
    ).values_list("pk", "department_id", "level", "birth_year", "hire_date")
    keys = {
        pk: stratum(
            department_id=department,
            level=level,
            birth_year=birth_year,
            tenure=tenure_band(hire_date, start),
        )
        for pk, department, level, birth_year, hire_date in rows
    }
    sizes = Counter(keys.values())
    # One mentor per stratum at most, the first in the casting's order: two mentors of a
    # small stratum would share its few comparable colleagues.
    first: dict[Stratum, int] = {}
    for pk in order:
        key = keys.get(pk)
        if key is not None and sizes[key] > COMPARABLE:
            first.setdefault(key, pk)
    return set(first.values())


def _levels_on(organization: Organization, day: dt.date) -> dict[int, int]:
    """The level on ``day`` of everyone whose level has changed since (the level before
    their first change after it); the others' level is their current one."""
    levels: dict[int, int] = {}
    for pk, before in (
        LevelChange.objects.filter(employee__organization=organization, effective_date__gt=day)
        .order_by("employee_id", "effective_date", "id")
        .values_list("employee_id", "level_before")
    ):
        levels.setdefault(pk, before)
    return levels


def closed_start(today: dt.date) -> dt.date:
    """The day the Closed program started."""
    return today - dt.timedelta(days=CLOSED_STARTED_DAYS_AGO)


def _juniors(context: DemoContext, start: dt.date) -> tuple[list[int], set[int]]:
    """The juniors in the order of their employee ids, as they were at ``start`` (those
    who have left since and those promoted since included), and those eligible now."""
    personas = {employee.pk for employee in context.personas.values()}
    organization = context.organization
    band = range(LEVELS["mentor_min_level"], LEVELS["mentor_max_level"] + 1)
    then = _levels_on(organization, start)
    juniors = [
        pk
        for pk, level in Employee.objects.filter(organization=organization)
        .filter(Q(is_active=True) | Q(leave_date__gt=start))
        .order_by("employee_id")
        .values_list("pk", "level")
        if then.get(pk, level) in band and pk not in personas
    ]
    eligible = set(
        Employee.objects.filter(
            organization=organization, is_active=True, level__in=band
        ).values_list("pk", flat=True)
    )
    if not eligible & set(juniors):
        # A tiny company may have no junior but the demo mentor: they stand in then.
        return [context.personas["mentor"].pk], {context.personas["mentor"].pk}
    return juniors, eligible


def _seniors(context: DemoContext) -> list[int]:
    """The seniors who may be mentees, in the order of their employee ids."""
    personas = {employee.pk for employee in context.personas.values()}
    seniors = [
        pk
        for pk in Employee.objects.filter(
            organization=context.organization,
            is_active=True,
            level__gte=LEVELS["mentee_min_level"],
            level__lte=LEVELS["mentee_max_level"],
            manager__isnull=False,
        )
        .order_by("employee_id")
        .values_list("pk", flat=True)
        if pk not in personas
    ]
    # A tiny company may have no senior but the demo mentee: they stand in then.
    return seniors or [context.personas["mentee"].pk]


def acting_user(employee: Employee) -> User:
    """The sign-in the services act through for ``employee``, made when they have none.

    Enrolling, signing and completing training are things people do for themselves, so the
    services want the person's own sign-in. The demo gives each participant one without a
    usable password, as an import of the directory does: only the four demo personas sign
    in with the demo password.
    """
    if employee.user is not None:
        return employee.user
    email = employee.email.lower()
    user = User.objects.filter(email=email, employee__isnull=True).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,  # unusable: nobody signs in as a participant with a password
            first_name=employee.first_name,
            last_name=employee.last_name,
        )
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    return user
