"""Draft → Recruiting → Matching → Active → Closed: which steps exist and what each needs.

The same guards serve the detail page (every unmet condition, next to the disabled action)
and the transition service (which checks them again under a row lock). The guards that need
enrolments or pairs are registered by those apps (``register_guards`` in their
``AppConfig.ready``), since programs sits below them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from remento.programs.models import Program, Status


@dataclass(frozen=True)
class Action:
    """A step a coordinator may take from one status to another."""

    source: str
    to: str
    label: str
    explanation: str
    confirm: bool = False


@dataclass(frozen=True)
class Guard:
    """An unmet condition that blocks the step to ``to``, in plain words."""

    to: str
    reason: str
    link: str = ""  # where it is done, when that is another page


ACTIONS: tuple[Action, ...] = (
    Action(
        Status.DRAFT,
        Status.RECRUITING,
        "Open recruitment",
        "People can be invited, sign up or apply. The objective and KPIs are shared.",
    ),
    Action(
        Status.RECRUITING,
        Status.MATCHING,
        "Start matching",
        "Enrolment closes and the enrolled mentors and mentees can be matched.",
    ),
    Action(
        Status.MATCHING,
        Status.ACTIVE,
        "Launch the program",
        "The pairs start: agreements, kick-off and meetings. The design is then fixed.",
    ),
    Action(
        Status.MATCHING,
        Status.RECRUITING,
        "Go back to recruiting",
        "Reopen enrolment to find more people before matching.",
    ),
    Action(
        Status.ACTIVE,
        Status.CLOSED,
        "Close the program",
        "The program ends: its open pairs close (reason “Program closed.”, both people are "
        "emailed) and waiting mentor requests expire; its pairs and results are kept for "
        "reports. This cannot be undone.",
        confirm=True,
    ),
)


def actions_from(status: str) -> list[Action]:
    """The steps possible from ``status``, forward first."""
    return [action for action in ACTIONS if action.source == status]


def action_for(*, source: str, to: str) -> Action | None:
    """The step from ``source`` to ``to``, or None when there is no such step."""
    return next((a for a in ACTIONS if a.source == source and a.to == to), None)


def _draft_guards(program: Program) -> list[Guard]:
    to = Status.RECRUITING
    guards: list[Guard] = []
    if not program.goal.strip():
        guards.append(Guard(to, "Write the program's goal."))
    if not program.kpis.exists():
        guards.append(Guard(to, "Choose at least one KPI with a target."))
    if program.start_date is None or program.end_date is None:
        guards.append(Guard(to, "Set the start and end dates."))
    if not program.agreement_text.strip():
        guards.append(Guard(to, "Write the mentoring agreement that pairs will sign."))
    return guards


type GuardCheck = Callable[[Program], list[Guard]]

# Status -> name -> check, in the order registered: the draft's own, the others' from the
# apps that hold enrolments (Recruiting) and pairs (Matching).
_guards: dict[str, dict[str, GuardCheck]] = {Status.DRAFT: {"plan": _draft_guards}}


def register_guards(status: str, name: str, check: GuardCheck) -> None:
    """Add (or replace, by ``name``) a check of the conditions to leave ``status``."""
    _guards.setdefault(status, {})[name] = check


def unmet_guards(program: Program) -> list[Guard]:
    """Every unmet condition for every step possible from the program's status."""
    checks = _guards.get(Status(program.status), {})
    return [guard for check in checks.values() for guard in check(program)]
