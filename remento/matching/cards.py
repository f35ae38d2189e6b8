"""What a participant reads about the other person of a request: a mentor's suggestion
card for a mentee, a mentee's request for a mentor.

Only what a partner needs: name, title, department, time zone and working hours in
common, skills, a short bio, and the reasons computed without any sensitive attribute
(``adapters.shown_settings``). Built in a fixed number of queries, whatever the number of
cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching import adapters
from remento.people.models import Employee, SkillOffer, SkillWant
from remento.programs.models import Program


@dataclass(frozen=True)
class SkillTag:
    """A skill on a card; ``highlight`` when it is one the reader wants (or teaches)."""

    name: str
    highlight: bool


@dataclass(frozen=True)
class MentorCard:
    """One suggested mentor as the mentee reads them."""

    mentor: Employee
    suggestion: adapters.SuggestionResult
    teaches: list[SkillTag]
    timezone: str
    hours_in_common: float | None

    @property
    def overlap_words(self) -> str:
        return working_hours_words(self.hours_in_common)


def working_hours_words(hours: float | None) -> str:
    """“3 working hours in common”, “1 working hour in common”, or "" when unknown."""
    if hours is None:
        return ""
    if hours <= 0:
        return "No working hours in common"
    shown = f"{hours:g}"
    noun = "hour" if hours == 1 else "hours"
    return f"{shown} working {noun} in common"


def skill_tags(names_by_priority: Sequence[str], highlighted: set[str]) -> list[SkillTag]:
    """Skills in the given order, the highlighted ones first."""
    tags = [SkillTag(name=name, highlight=name in highlighted) for name in names_by_priority]
    return sorted(tags, key=lambda tag: not tag.highlight)


def mentor_cards(
    *,
    program: Program,
    mentee: Employee,
    mentee_timezone: str,
    suggestions: Sequence[adapters.SuggestionResult],
) -> list[MentorCard]:
    """A card per suggestion, in the suggestions' order; four queries whatever their number."""
    ids = [s.mentor_id for s in suggestions]
    mentors = (
        Employee.objects.select_related("department")
        .prefetch_related(
            Prefetch(
                "skill_offers",
                queryset=SkillOffer.objects.select_related("skill").order_by(
                    "-proficiency", "skill__name"
                ),
            )
        )
        .in_bulk(ids)
    )
    zones = dict(
        Enrollment.objects.filter(
            program=program, role=EnrollmentRole.MENTOR, employee_id__in=ids
        ).values_list("employee_id", "timezone")
    )
    wanted = set(SkillWant.objects.filter(employee=mentee).values_list("skill__name", flat=True))
    cards = []
    for suggestion in suggestions:
        mentor = mentors[suggestion.mentor_id]
        zone = zones.get(mentor.pk) or mentor.timezone
        cards.append(
            MentorCard(
                mentor=mentor,
                suggestion=suggestion,
                teaches=skill_tags([o.skill.name for o in mentor.skill_offers.all()], wanted),
                timezone=zone,
                hours_in_common=adapters.working_hours_in_common(
                    program=program, first=zone, second=mentee_timezone
                ),
            )
        )
    return cards


def mentee_wants_prefetch() -> Prefetch[Any]:
    """Prefetch, on mentor requests, what each mentee wants to learn (most wanted first)."""
    return Prefetch(
        "mentee__skill_wants",
        queryset=SkillWant.objects.select_related("skill").order_by("-priority", "skill__name"),
    )
