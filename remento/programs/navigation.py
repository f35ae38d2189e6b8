"""What a program's navigation offers, and the step indicator, from its status.

A page offers only what works in the program's status (no "Invite people" once recruiting
is over) and only to whom it works ("Choose a mentor" for the program's enrolled mentees).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from remento.people.models import Employee
from remento.programs.hooks import enrolled_roles, unpaired_participants, waiting_applications
from remento.programs.lifecycle import Guard, action_for, unmet_guards
from remento.programs.models import EnrollmentMode, MatchingMode, Program, Status

# The lifecycle in order, as the step indicator shows it.
STEPS: tuple[Status, ...] = (
    Status.DRAFT,
    Status.RECRUITING,
    Status.MATCHING,
    Status.ACTIVE,
    Status.CLOSED,
)
# Where each link works (the services refuse the rest).
APPLICATION_STATUSES = frozenset({Status.RECRUITING, Status.MATCHING})
INVITE_STATUSES = frozenset({Status.RECRUITING})
MATCHING_STATUSES = frozenset({Status.DRAFT, Status.RECRUITING, Status.MATCHING, Status.ACTIVE})
# Results (the outcomes dashboard) exist once pairs run.
RESULTS_STATUSES = frozenset({Status.ACTIVE, Status.CLOSED})
# The enrolment roles (``remento.programs.hooks.enrolled_roles``) that open a link.
MENTOR, MENTEE = "mentor", "mentee"


@dataclass(frozen=True)
class ProgramNav:
    """The links a program's navigation shows to one viewer."""

    applications: bool
    invite: bool
    matching: bool
    join: bool
    choose_mentor: bool
    mentee_requests: bool
    results: bool = False


@dataclass(frozen=True)
class Step:
    """One step of the indicator: done, current or to come."""

    status: str
    label: str
    state: str  # "done", "current" or "todo"


@dataclass(frozen=True)
class StepIndicator:
    """Where the program is in its lifecycle, and what blocks the next step."""

    steps: list[Step]
    next_label: str
    blockers: list[Guard]
    next_action: str = ""
    # Applications still waiting for a decision when the next step is matching: they do not
    # block it, but starting matching would leave them undecided.
    waiting_applications: int = 0
    # Enrolled people without a pair, by role, when the next step is the launch: they do not
    # block it, but they would start the program without a partner.
    unpaired: dict[str, int] = field(default_factory=dict)


def _offers_applications(program: Program, status: Status) -> bool:
    """Applications while recruiting or matching, where people can apply; a nomination
    program offers them only while some sent before it turned to nominations still wait
    (the one case that costs a query)."""
    if status not in APPLICATION_STATUSES:
        return False
    if program.enrollment_mode != EnrollmentMode.NOMINATION:
        return True
    return waiting_applications(program) > 0


def program_nav(*, program: Program, viewer: Employee | None) -> ProgramNav:
    """The links of ``program``'s navigation that ``viewer`` can use (one query; two for a
    nomination program that is recruiting or matching)."""
    status = Status(program.status)
    roles = enrolled_roles(program, viewer) if viewer is not None else set()
    choosing = program.matching_mode != MatchingMode.BULK and status not in (
        Status.DRAFT,
        Status.CLOSED,
    )
    return ProgramNav(
        applications=_offers_applications(program, status),
        invite=status in INVITE_STATUSES,
        matching=status in MATCHING_STATUSES,
        join=status == Status.RECRUITING and not roles,
        choose_mentor=choosing and MENTEE in roles,
        mentee_requests=choosing and MENTOR in roles,
        results=status in RESULTS_STATUSES,
    )


def step_indicator(program: Program, guards: list[Guard] | None = None) -> StepIndicator:
    """The five lifecycle steps with ``program``'s marked, and the unmet conditions of the
    step forward (``guards`` when the caller already has them)."""
    current = STEPS.index(Status(program.status))
    steps = [
        Step(
            status.value,
            status.label,
            "done" if index < current else "current" if index == current else "todo",
        )
        for index, status in enumerate(STEPS)
    ]
    if current + 1 >= len(STEPS):
        return StepIndicator(steps, "", [])
    following = STEPS[current + 1]
    unmet = unmet_guards(program) if guards is None else guards
    action = action_for(source=program.status, to=following)
    return StepIndicator(
        steps,
        following.label,
        [guard for guard in unmet if guard.to == following],
        action.label if action else "",
        waiting_applications=waiting_applications(program) if following == Status.MATCHING else 0,
        unpaired=unpaired_participants(program) if following == Status.ACTIVE else {},
    )
