"""Who takes part in which demo program: chosen once, deterministically, for all five.

The whole casting is computed on every run, also for programs that exist already, so that
rebuilding one missing program gives it the same people as the first time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from remento.core.models import User
from remento.demo.programs.content import LEVELS
from remento.demo.steps import DemoContext
from remento.people.models import Employee


@dataclass
class ProgramCast:
    mentors: list[Employee] = field(default_factory=list)
    mentees: list[Employee] = field(default_factory=list)


class _Queue:
    """People in a fixed random order, handed out in turn; a small company wraps around,
    so a person may take part in two programs, but never twice in one."""

    def __init__(self, people: list[int]):
        self.people = people
        self.cursor = 0

    def take(self, count: int) -> list[int]:
        count = min(count, len(self.people))
        chosen = [self.people[(self.cursor + i) % len(self.people)] for i in range(count)]
        self.cursor = (self.cursor + count) % max(len(self.people), 1)
        return chosen


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


def program_casts(context: DemoContext) -> dict[str, ProgramCast]:
    """The mentors and mentees of every demo program, by state.

    The demo mentor and mentee sign-ins are kept for the active program, where they are a
    pair; the coordinator and the admin take part in none. The chief executive is left out
    as a mentee: everyone is in their reporting line, so no one could mentor them.
    """
    personas = {employee.pk for employee in context.personas.values()}
    people = Employee.objects.filter(organization=context.organization, is_active=True)
    juniors = [
        pk
        for pk in people.filter(
            level__gte=LEVELS["mentor_min_level"], level__lte=LEVELS["mentor_max_level"]
        )
        .order_by("employee_id")
        .values_list("pk", flat=True)
        if pk not in personas
    ]
    seniors = [
        pk
        for pk in people.filter(
            level__gte=LEVELS["mentee_min_level"],
            level__lte=LEVELS["mentee_max_level"],
            manager__isnull=False,
        )
        .order_by("employee_id")
        .values_list("pk", flat=True)
        if pk not in personas
    ]
    # A tiny company may have no senior but the demo mentee: they stand in then.
    seniors = seniors or [context.personas["mentee"].pk]
    juniors = juniors or [context.personas["mentor"].pk]
    rng = context.rng("programs:cast")
    rng.shuffle(juniors)
    rng.shuffle(seniors)
    mentors, mentees = _Queue(juniors), _Queue(seniors)
    chosen: dict[str, tuple[list[int], list[int]]] = {}
    for key, count in mentee_counts(len(seniors)).items():
        picked = mentees.take(count)
        chosen[key] = (mentors.take(count + EXTRA_MENTORS[key]), picked)
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
    return casts


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
