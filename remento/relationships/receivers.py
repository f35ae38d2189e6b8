"""What pairs tell the apps below them (registered in ``RelationshipsConfig.ready``).

Programs: the Matching guard, the open-pair count, closing a program's pairs (and what
closing would do, for its confirmation), who takes part through a pair and the viewer's
pair on a program's page. Training: the people of
open pairs, whom a program's training applies to. Enrolment: who is in an open pair."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from remento.core.models import User
from remento.core.words import count_of
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.hooks import ClosingLine
from remento.programs.lifecycle import Guard
from remento.programs.models import Program, Status
from remento.relationships.models import OPEN_PAIR, Pair, PairStatus
from remento.relationships.program_pairs import pair_counts_by_status
from remento.relationships.safety.models import SafetyRequest, SafetyStatus
from remento.relationships.services import pairs_close_for_program


def matching_guards(program: Program) -> list[Guard]:
    """Launching needs a published pair; going back to recruiting needs none."""
    counts = Pair.objects.filter(program=program).aggregate(
        any=Count("pk"), open=Count("pk", filter=OPEN_PAIR)
    )
    guards: list[Guard] = []
    if not counts["open"]:
        guards.append(
            Guard(
                Status.ACTIVE,
                "Publish at least one pair.",
                reverse("matching:run_review", args=[program.pk]),
            )
        )
    if counts["any"]:
        guards.append(
            Guard(
                Status.RECRUITING,
                f"{count_of(counts['any'], 'pair')} already exist; recruiting cannot reopen once "
                "pairs are published.",
            )
        )
    return guards


def open_pairs() -> QuerySet[Pair]:
    return Pair.objects.filter(OPEN_PAIR)


def close_pairs(sender: Any, *, actor: User, program: Program, **kwargs: Any) -> dict[str, int]:
    """A closing program's open pairs close (“Program closed.”), both people told."""
    return {"pairs_closed": len(pairs_close_for_program(actor=actor, program=program))}


def takes_part(viewer: Employee) -> Q:
    """Programs where ``viewer`` is (or was) in a pair. A subquery, not a join: joined beside
    the enrolments (the other rule), the pairs multiplied every enrolment row of the program
    (3 million rows for a program of 2,500 enrolments and 1,200 pairs: 0.2 s a page)."""
    pairs = Pair.objects.filter(Q(mentor=viewer) | Q(mentee=viewer))
    return Q(pk__in=pairs.values("program_id"))


def about_pair(viewer: Employee, program: Program) -> dict[str, Any]:
    """The viewer's open pair in ``program``, for the program's page."""
    pair = (
        Pair.objects.filter(OPEN_PAIR, program=program)
        .filter(Q(mentor=viewer) | Q(mentee=viewer))
        .select_related("mentor", "mentee")
        .first()
    )
    return {"pair": pair}


def training_participant_ids(program: Program) -> list[QuerySet[Pair, int]]:
    """The mentors and mentees of ``program``'s open pairs, whom its training applies to."""
    pairs = Pair.objects.filter(OPEN_PAIR, program=program)
    return [pairs.values_list("mentor_id", flat=True), pairs.values_list("mentee_id", flat=True)]


def training_programs_of(employee: Employee) -> Q:
    """Programs where ``employee`` is in an open pair (on ``Program`` rows)."""
    paired = Pair.objects.filter(OPEN_PAIR, program=OuterRef("pk")).filter(
        Q(mentor=employee) | Q(mentee=employee)
    )
    return Q(Exists(paired))


def open_pairs_of(employee: Employee) -> QuerySet[Pair]:
    """``employee``'s open pairs, of every program (enrolment narrows to one)."""
    return Pair.objects.filter(OPEN_PAIR).filter(Q(mentor=employee) | Q(mentee=employee))


def closing_preview(program: Program) -> list[ClosingLine]:
    """What closing ``program`` does to its open pairs, and the confidential requests still
    waiting for a coordinator. Two queries."""
    by_status = pair_counts_by_status(program)
    lines = []
    if active := by_status.get(PairStatus.ACTIVE, 0):
        lines.append(
            ClosingLine(
                f"Active pairs end, as completed: {count_of(active, 'pair')}. Both people are "
                "emailed, their future meetings are cancelled, and each is asked for a last "
                "check-in where the program's check-ins ask one."
            )
        )
    if launching := by_status.get(PairStatus.LAUNCHING, 0):
        lines.append(
            ClosingLine(
                f"Pairs still launching end too, not as completed (they never started): "
                f"{count_of(launching, 'pair')}.",
                reverse("relationships:program_pairs", args=[program.pk])
                + f"?status={PairStatus.LAUNCHING}",
            )
        )
    waiting = SafetyRequest.objects.filter(pair__program=program, status=SafetyStatus.OPEN)
    if unanswered := waiting.count():
        lines.append(
            ClosingLine(
                "Confidential requests wait for a coordinator's answer, and stay open after "
                f"the close: {count_of(unanswered, 'request')}. Answer them first?",
                reverse("relationships:program_safety_requests", args=[program.pk]),
            )
        )
    return lines


def unpaired_enrolled(program: Program) -> dict[str, int]:
    """How many of ``program``'s enrolled mentors and mentees have no open pair (the launch
    step warns of them). Two queries."""
    open_pairs = Pair.objects.filter(OPEN_PAIR, program=program)
    enrolled = Enrollment.objects.filter(program=program, status=EnrollmentStatus.ENROLLED)
    return {
        role: enrolled.filter(role=role)
        .exclude(employee_id__in=open_pairs.values(f"{role}_id"))
        .count()
        for role in (EnrollmentRole.MENTOR, EnrollmentRole.MENTEE)
    }
