"""The matching part of a person's home and menu: mentees' requests a mentor must answer,
programs where a mentee must choose a mentor, and requests or matching under way."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from remento.core.next_steps import (
    URGENCY_CHOOSE,
    URGENCY_COORDINATION,
    URGENCY_REQUEST,
    HomePart,
    NavCount,
    NextStep,
    Waiting,
)
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MatchRun, MatchRunStatus, MentorRequest, RequestStatus
from remento.people.models import Employee
from remento.programs.models import PAIRING_STATUSES, MatchingMode, Status
from remento.relationships.models import OPEN_PAIR, Pair, PairStatus


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def pending_requests_to(mentor: Employee) -> QuerySet[MentorRequest]:
    """Requests waiting for ``mentor``'s answer and still before their deadline."""
    return MentorRequest.objects.filter(
        mentor=mentor,
        program__organization_id=mentor.organization_id,
        status=RequestStatus.PENDING,
        expires_at__gt=timezone.now(),
    )


def matching_home(employee: Employee) -> HomePart:
    """Requests to answer (soonest deadline first), mentor choices to make, and what is
    under way (a request sent, a coordinator's matching to come). Two queries."""
    part = HomePart()
    part.steps.extend(_requests_to_answer(employee))
    for enrollment, asked in _unpaired_enrollments(employee):
        step_or_waiting = _enrollment_next(enrollment, asked=asked)
        if isinstance(step_or_waiting, NextStep):
            part.steps.append(step_or_waiting)
        else:
            part.waiting.append(step_or_waiting)
    return part


def _requests_to_answer(mentor: Employee) -> list[NextStep]:
    """One step per request waiting for ``mentor``'s answer, soonest deadline first."""
    return [
        NextStep(
            urgency=URGENCY_REQUEST,
            title=f"Answer {request.mentee.display_name}'s request in {request.program.name}",
            detail=f"{request.mentee.display_name} asks you to be their mentor. Answer "
            f"before {_when(request.expires_at)}, or the request expires.",
            action="Answer the request",
            url=reverse("matching:inbox", args=[request.program_id]),
            due=request.expires_at,
        )
        for request in pending_requests_to(mentor)
        .select_related("mentee", "program")
        .order_by("expires_at", "pk")
    ]


def _unpaired_enrollments(employee: Employee) -> list[tuple[Enrollment, bool]]:
    """``employee``'s enrolments in programs recruiting or pairing where they have no open
    pair yet, each with whether a request of theirs waits for an answer. One query."""
    own_pair = Pair.objects.filter(OPEN_PAIR, program=OuterRef("program"), mentee=employee)
    own_mentor_pair = Pair.objects.filter(OPEN_PAIR, program=OuterRef("program"), mentor=employee)
    ended_pair = Pair.objects.filter(
        program=OuterRef("program"), mentee=employee, status=PairStatus.CLOSED
    )
    waiting_request = MentorRequest.objects.filter(
        program=OuterRef("program"),
        mentee=employee,
        status=RequestStatus.PENDING,
        expires_at__gt=timezone.now(),
    )
    enrollments = (
        Enrollment.objects.filter(
            employee=employee,
            program__organization_id=employee.organization_id,
            status=EnrollmentStatus.ENROLLED,
            program__status__in=(Status.RECRUITING, *PAIRING_STATUSES),
        )
        .annotate(
            paired=Exists(own_pair) | Exists(own_mentor_pair),
            asked=Exists(waiting_request),
            had_pair=Exists(ended_pair),
        )
        .select_related("program")
        .order_by("program__name", "pk")
    )
    return [(enrollment, enrollment.asked) for enrollment in enrollments if not enrollment.paired]


def _enrollment_next(enrollment: Enrollment, *, asked: bool) -> NextStep | Waiting:
    """What an unpaired participant does next in the program: choose a mentor, or wait (for
    an answer, for matching to open, for the coordinator, for mentees' requests)."""
    program = enrollment.program
    choosing = enrollment.role == EnrollmentRole.MENTEE and program.matching_mode != (
        MatchingMode.BULK
    )
    if choosing and program.status in PAIRING_STATUSES and not asked:
        if getattr(enrollment, "had_pair", False):  # optional: not a step to take
            return Waiting(
                text=f"Your mentoring pair in {program.name} has ended. Should you want "
                "another mentor there, see who has a free place that fits you.",
                url=reverse("matching:choose", args=[program.pk]),
                link_text="See the mentors",
            )
        return NextStep(
            urgency=URGENCY_CHOOSE,
            title=f"Choose a mentor in {program.name}",
            detail="See the mentors suggested for you and ask the one you prefer.",
            action="Choose a mentor",
            url=reverse("matching:choose", args=[program.pk]),
        )
    if choosing and asked:
        return Waiting(
            text=f"Your request to a mentor in {program.name} is waiting for their "
            "answer; you will get an email.",
            url=reverse("matching:choose", args=[program.pk]),
            link_text="See your request",
        )
    if enrollment.role == EnrollmentRole.MENTEE or program.matching_mode == MatchingMode.BULK:
        return Waiting(
            text=f"You are enrolled in {program.name} as a "
            f"{enrollment.get_role_display().lower()}: "
            + (
                "mentees choose from suggestions once matching opens; "
                if choosing
                else "a coordinator pairs people once matching is done; "
            )
            + "you will get an email."
        )
    return Waiting(
        text=f"You are enrolled in {program.name} as a mentor: mentees ask you "
        "through Remento, and you will get an email for each request."
    )


def requests_nav(employee: Employee) -> NavCount | None:
    """ "Requests N" in the menu, in one query: it links to the program's requests, or to
    the home page's list when they come from several programs."""
    program_ids = list(pending_requests_to(employee).values_list("program_id", flat=True))
    if not program_ids:
        return None
    programs = set(program_ids)
    url = (
        reverse("matching:inbox", args=[program_ids[0]])
        if len(programs) == 1
        else reverse("home") + "#next-steps"
    )
    return NavCount(label="Requests", count=len(program_ids), url=url)


def runs_to_review_home(employee: Employee) -> HomePart:
    """For a coordinator (or admin): matching runs proposed and not yet published, in
    programs still at the matching step. One query."""
    part = HomePart()
    if not employee.is_coordinator:
        return part
    runs = (
        MatchRun.objects.filter(
            program__organization_id=employee.organization_id,
            program__status=Status.MATCHING,
            status=MatchRunStatus.REVIEW,
        )
        .values("program_id", "program__name")
        .distinct()
        .order_by("program__name", "program_id")
    )
    for run in runs:
        part.steps.append(
            NextStep(
                urgency=URGENCY_COORDINATION,
                title=f"Review the proposed pairs of {run['program__name']}",
                detail="Swap or lock pairs if you need to, then publish: each pair is emailed.",
                action="Review the pairs",
                url=reverse("matching:run_review", args=[run["program_id"]]),
            )
        )
    return part
