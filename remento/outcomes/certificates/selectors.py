"""A mentor's certificate: the facts it states, read for the mentor of a completed pair only.

Career credit for junior mentors: the program, the mentor, the hours they mentored (the held
meetings: their logged real length, or the planned length where none was logged) and the
skills they taught, signed by the program's executive sponsor or, where none is named, by
the program's coordinator (who created it, else the organisation's first coordinator).

The skills taught are the skills the learner (the mentee) was assessed on in this pair:
those are the skills the learner chose to learn in the program, the ones its before/after
assessment measured, and so the most faithful record of what was taught. A pair with no
assessment falls back to its goals tied to a skill, and then to the skills the mentor offers
that the mentee wanted; the certificate page says which. The mentee's name, their ratings
and anything confidential to the pair stay off the certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from remento.core.models import AuditEvent
from remento.outcomes.assessments.models import AssessmentRating, AssessmentStatus
from remento.people.models import Employee, Role, SkillOffer, SkillWant
from remento.relationships.goals.models import Goal
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus

NOTE_VERB = "certificate.manager_noted"

SOURCE_ASSESSED = (
    "the skills your mentee came to learn, on which they were assessed before and after"
)
SOURCE_GOALS = "the skills of the pair's goals (no skill assessment was made)"
SOURCE_PROFILES = (
    "the skills you offer that your mentee wanted to learn (the pair has no skill "
    "assessment and no goal tied to a skill)"
)


@dataclass(frozen=True)
class Signer:
    name: str
    title: str
    is_sponsor: bool


@dataclass(frozen=True)
class ManagerNote:
    """The note to the mentor's manager: to whom, and when it went (None: not yet)."""

    manager: Employee | None
    sent_at: datetime | None
    sent_to: str

    @property
    def can_send(self) -> bool:
        return self.sent_at is None and self.manager is not None


@dataclass(frozen=True)
class Certificate:
    pair: Pair
    minutes: int
    meetings: int
    skills: tuple[str, ...]
    skills_source: str
    signer: Signer
    note: ManagerNote

    @property
    def program(self) -> object:
        return self.pair.program

    @property
    def mentor(self) -> Employee:
        return self.pair.mentor

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def certificate_pair_for(*, viewer: Employee, pair_pk: int | str) -> Pair:
    """The completed pair ``viewer`` mentored; a 404 for anyone else (the mentee, a
    coordinator, another organisation) and for a pair that did not run its course."""
    pair = (
        Pair.objects.filter(
            pk=pair_pk,
            mentor=viewer,
            program__organization_id=viewer.organization_id,
            status=PairStatus.CLOSED,
            completed=True,
        )
        .select_related("program__organization", "program__created_by", "mentor__manager")
        .first()
    )
    if pair is None:
        raise Http404("No certificate here.")
    return pair


def _minutes(pair: Pair) -> tuple[int, int]:
    rows = Meeting.objects.filter(pair=pair, status=MeetingStatus.HELD).values_list(
        "held_minutes", "duration_minutes"
    )
    minutes = [held or planned for held, planned in rows]
    return sum(minutes), len(minutes)


def _skills(pair: Pair) -> tuple[tuple[str, ...], str]:
    assessed = (
        AssessmentRating.objects.filter(
            assessment__pair=pair, assessment__learner_id=pair.mentee_id
        )
        .exclude(assessment__status=AssessmentStatus.CANCELLED)
        .values_list("skill__name", flat=True)
    )
    names = sorted(set(assessed), key=str.casefold)
    if names:
        return tuple(names), SOURCE_ASSESSED
    goals = Goal.objects.filter(pair=pair, owner_id=pair.mentee_id, skill__isnull=False)
    names = sorted(set(goals.values_list("skill__name", flat=True)), key=str.casefold)
    if names:
        return tuple(names), SOURCE_GOALS
    wanted = SkillWant.objects.filter(employee_id=pair.mentee_id).values("skill_id")
    offered = SkillOffer.objects.filter(employee_id=pair.mentor_id, skill_id__in=wanted)
    names = sorted(set(offered.values_list("skill__name", flat=True)), key=str.casefold)
    return tuple(names), SOURCE_PROFILES


def _signer(pair: Pair) -> Signer:
    program = pair.program
    if program.sponsor_name:
        return Signer(program.sponsor_name, program.sponsor_title, is_sponsor=True)
    coordinators = Employee.objects.filter(
        organization_id=program.organization_id,
        is_active=True,
        role__in=(Role.COORDINATOR, Role.ADMIN),
    )
    creator = None
    if program.created_by_id is not None:
        creator = coordinators.filter(user_id=program.created_by_id).first()
    # Without its creator, a coordinator (before an admin), by name.
    chosen = creator or coordinators.order_by("-role", "last_name", "first_name").first()
    if chosen is None:
        return Signer(f"The mentoring team of {program.organization.name}", "", is_sponsor=False)
    return Signer(chosen.display_name, chosen.title or "Program coordinator", is_sponsor=False)


def manager_note_of(pair: Pair) -> ManagerNote:
    """The mentor's manager, when they can be written to, and whether the note went."""
    manager = pair.mentor.manager
    if manager is not None and not (
        manager.is_active
        and manager.email
        and manager.organization_id == pair.mentor.organization_id
    ):
        manager = None
    sent = (
        AuditEvent.objects.filter(
            organization_id=pair.program.organization_id,
            verb=NOTE_VERB,
            target_type=Pair._meta.label_lower,
            target_id=str(pair.pk),
        )
        .order_by("created_at")
        .first()
    )
    return ManagerNote(
        manager=manager,
        sent_at=sent.created_at if sent else None,
        sent_to=str(sent.data.get("manager_name", "")) if sent else "",
    )


def certificate_for(*, viewer: Employee, pair_pk: int | str) -> Certificate:
    """The certificate of the completed pair ``viewer`` mentored (404 otherwise), in a fixed
    number of queries."""
    pair = certificate_pair_for(viewer=viewer, pair_pk=pair_pk)
    minutes, meetings = _minutes(pair)
    skills, source = _skills(pair)
    return Certificate(
        pair=pair,
        minutes=minutes,
        meetings=meetings,
        skills=skills,
        skills_source=source,
        signer=_signer(pair),
        note=manager_note_of(pair),
    )


def completed_mentor_pairs(employee: Employee) -> list[Pair]:
    """The completed pairs ``employee`` mentored, most recent first: one query."""
    return list(
        Pair.objects.filter(mentor=employee, status=PairStatus.CLOSED, completed=True)
        .select_related("program")
        .order_by("-ended_at", "-id")
    )
