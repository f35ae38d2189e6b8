"""What the apps above programs tell it: registered from their ``AppConfig.ready``.

Programs sits below enrolment, training, pairs and matching (the import-linter ``layers``
contract), yet a program's pages count its enrolled people and open pairs, closing it ends
its pairs and requests (its confirmation first says what that will do), and changing its
agreement asks the people who signed to sign again. Programs asks through these hooks and
never imports those apps, as pretix's plugins receive ``order_canceled`` and as
``remento.core.next_steps`` gathers the home page.

The lifecycle guards of each status are registered in ``remento.programs.lifecycle``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.dispatch import Signal

from remento.people.models import Employee
from remento.programs.models import Program

# Sent with ``program`` and ``actor`` when a program closes, inside the transition's
# transaction and under the program's row lock: receivers end what the program runs (open
# pairs, waiting mentor requests) and each returns a dict of counts for the audit event.
program_closing = Signal()


@dataclass(frozen=True)
class ClosingLine:
    """One thing closing a program will do or leave, told before the coordinator confirms:
    ``text``, with a page to see to it first (``url``, "" for none)."""

    text: str
    url: str = ""


# What closing ``program`` will do to what one app holds (its open pairs, waiting requests),
# in a few queries, whatever the program's size.
type ClosingPreview = Callable[[Program], Sequence[ClosingLine]]
_closing_previews: dict[str, ClosingPreview] = {}


def register_closing_preview(name: str, preview: ClosingPreview) -> None:
    _closing_previews[name] = preview


def closing_preview(program: Program) -> list[ClosingLine]:
    """Every registered app's lines of what closing ``program`` will do, by app name."""
    return [line for name in sorted(_closing_previews) for line in _closing_previews[name](program)]


# Per-program counts that ``programs_for`` annotates: the rows (with a ``program`` foreign
# key) to count, e.g. the enrolled mentors.
type CountRows = Callable[[], QuerySet[Any]]
# The roles (``"mentor"``, ``"mentee"``) a person is enrolled in, per program.
type EnrolledRoles = Callable[[Program, Employee], set[str]]
# How many of a program's applications wait for the coordinator's decision.
type WaitingCount = Callable[[Program], int]
type UnpairedCount = Callable[[Program], dict[str, int]]
# Which programs a person takes part in, as a condition on ``Program`` rows.
type ParticipantRule = Callable[[Employee], Q]
# What one app adds to a program's page for a participant: field name -> value of
# ``remento.programs.selectors.participant.ProgramForParticipant``.
type AboutSource = Callable[[Employee, Program], dict[str, Any]]

_counts: dict[str, CountRows] = {}
_enrolled_roles: dict[str, EnrolledRoles] = {}
_waiting: dict[str, WaitingCount] = {}
_unpaired: dict[str, UnpairedCount] = {}
_participant_rules: dict[str, ParticipantRule] = {}
_about_sources: dict[str, AboutSource] = {}


def register_program_count(name: str, rows: CountRows) -> None:
    """Annotate ``name`` (the number of ``rows()`` of each program) on ``programs_for``."""
    _counts[name] = rows


def program_counts() -> dict[str, CountRows]:
    return dict(_counts)


def register_enrolled_roles(name: str, roles: EnrolledRoles) -> None:
    _enrolled_roles[name] = roles


def enrolled_roles(program: Program, viewer: Employee) -> set[str]:
    """The roles ``viewer`` is enrolled in for ``program``."""
    return set().union(*(roles(program, viewer) for roles in _enrolled_roles.values()))


def register_waiting_applications(name: str, count: WaitingCount) -> None:
    _waiting[name] = count


def waiting_applications(program: Program) -> int:
    """How many of ``program``'s applications still wait for a decision."""
    return sum(count(program) for count in _waiting.values())


def register_unpaired_count(name: str, count: UnpairedCount) -> None:
    _unpaired[name] = count


def unpaired_participants(program: Program) -> dict[str, int]:
    """How many of ``program``'s enrolled people have no open pair, by role ("mentor",
    "mentee"); empty when no app counts them."""
    totals: dict[str, int] = {}
    for count in _unpaired.values():
        for role, number in count(program).items():
            totals[role] = totals.get(role, 0) + number
    return totals


def register_participant_rule(name: str, rule: ParticipantRule) -> None:
    """Add (or replace, by ``name``) a rule saying which programs a person takes part in."""
    _participant_rules[name] = rule


def participant_condition(viewer: Employee) -> Q:
    """Programs ``viewer`` takes part in by any registered rule (none: no program)."""
    condition = Q(pk__in=[])
    for rule in _participant_rules.values():
        condition |= rule(viewer)
    return condition


def register_about_source(name: str, source: AboutSource) -> None:
    _about_sources[name] = source


def about_parts(viewer: Employee, program: Program) -> dict[str, Any]:
    """Every registered app's part of ``program``'s page for ``viewer``."""
    parts: dict[str, Any] = {}
    for source in _about_sources.values():
        parts |= source(viewer, program)
    return parts


class Signer(Protocol):
    """Someone whose signature covers their pair's agreement as it reads now."""

    @property
    def employee(self) -> Employee: ...


class SignersAskedAgain(Protocol):
    def __call__(
        self,
        *,
        program: Program,
        agreement_text: str | None = None,
        meeting_length_minutes: int | None = None,
    ) -> Sequence[Signer]: ...


class SignersNotify(Protocol):
    def __call__(self, *, program: Program, signers: list[Any]) -> None: ...


_signers: dict[str, tuple[SignersAskedAgain, SignersNotify]] = {}


def register_agreement_signers(
    name: str, *, asked_again: SignersAskedAgain, notify: SignersNotify
) -> None:
    """The app that keeps signatures of a program's agreement says who would sign again
    after a change (``asked_again``) and tells them after the save (``notify``)."""
    _signers[name] = (asked_again, notify)


def signers_asked_again(
    *,
    program: Program,
    agreement_text: str | None = None,
    meeting_length_minutes: int | None = None,
) -> list[Signer]:
    """Who would have to sign again if ``program`` took this general text and meeting
    length; without a text, everyone whose signature covers the agreement now."""
    return [
        signer
        for asked_again, _notify in _signers.values()
        for signer in asked_again(
            program=program,
            agreement_text=agreement_text,
            meeting_length_minutes=meeting_length_minutes,
        )
    ]


def signers_notify(*, program: Program, signers: Sequence[Signer]) -> None:
    """Tell ``signers`` (from ``signers_asked_again``) to sign the agreement again."""
    if not signers:
        return
    for _asked_again, notify in _signers.values():
        notify(program=program, signers=list(signers))
