"""Checking questionnaire answers and feeding them into the profile that matching reads.

An answer to a question that feeds a criterion updates the person's profile in the same
transaction as the enrolment: skills and interests are added (what the profile already holds
stays — the profile page is where one removes), a scale sets the extraversion score, and an
hours question sets the hours per month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from remento.enrollment.models import (
    Answer,
    Enrollment,
    Question,
    QuestionFeeds,
    QuestionKind,
    scale_label,
)
from remento.people.models import Employee, Interest, Skill, SkillOffer, SkillWant
from remento.people.skill_totals import skill_totals_refresh_soon

TEXT_MAX = 2000
# Level given to a skill first named in a questionnaire; the profile page refines it.
DEFAULT_SKILL_LEVEL = 3


@dataclass(frozen=True)
class CleanAnswer:
    """A checked answer: the raw ``value`` stored, how it reads, and the skills it names."""

    value: Any
    display: str
    skills: tuple[Skill, ...] = ()


def questions_for(*, program_id: int, role: str) -> list[Question]:
    """The questions a person joining as ``role`` is asked, in order, skills prefetched."""
    return [
        question
        for question in Question.objects.filter(program_id=program_id).prefetch_related("skills")
        if question.asked_of(role)
    ]


def skill_options(*, question: Question, organization_skills: Sequence[Skill]) -> list[Skill]:
    """The skills a skill picker offers: its own list, else every skill of the organisation."""
    chosen = list(question.skills.all())
    return chosen or list(organization_skills)


def _is_blank(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or raw == ()


def _clean_one(
    question: Question, raw: Any, organization_skills: Sequence[Skill]
) -> CleanAnswer | str:
    """The checked answer, or the reason it is wrong."""
    kind = question.kind
    if kind == QuestionKind.TEXT:
        text = str(raw).strip()
        if len(text) > TEXT_MAX:
            return f"Keep the answer under {TEXT_MAX} characters."
        return CleanAnswer(value=text, display=text)
    if kind == QuestionKind.SCALE:
        try:
            number = int(raw)
        except (TypeError, ValueError):
            return "Choose a number from 1 to 5."
        if not 1 <= number <= 5:
            return f"Choose a number from 1 to 5, not {number}."
        return CleanAnswer(value=number, display=scale_label(number))
    if kind == QuestionKind.SINGLE:
        if str(raw) not in question.choices:
            return f"“{raw}” is not one of the choices."
        return CleanAnswer(value=str(raw), display=str(raw))
    values = [raw] if isinstance(raw, str | int) else list(raw)
    if kind == QuestionKind.MULTIPLE:
        unknown = [str(v) for v in values if str(v) not in question.choices]
        if unknown:
            return f"“{unknown[0]}” is not one of the choices."
        picked = [c for c in question.choices if c in {str(v) for v in values}]
        return CleanAnswer(value=picked, display=", ".join(picked))
    options = {
        skill.pk: skill
        for skill in skill_options(question=question, organization_skills=organization_skills)
    }
    skills: list[Skill] = []
    for value in values:
        try:
            skill = options.get(int(value))
        except (TypeError, ValueError):
            skill = None
        if skill is None:
            return "Choose skills from the list offered."
        if skill not in skills:
            skills.append(skill)
    return CleanAnswer(
        value=[s.pk for s in skills],
        display=", ".join(s.name for s in skills),
        skills=tuple(skills),
    )


def clean_answers(
    *, questions: Sequence[Question], answers: Mapping[int, Any], organization_id: int
) -> tuple[dict[int, CleanAnswer], dict[str, str]]:
    """Check ``answers`` (question id -> raw answer) against ``questions``.

    Returns the checked answers and the errors, keyed ``question_<id>``. Answers to
    questions not asked are ignored; a required question left blank is an error.
    """
    organization_skills: list[Skill] = []
    if any(q.kind == QuestionKind.SKILLS and not q.skills.all() for q in questions):
        organization_skills = list(Skill.objects.filter(organization_id=organization_id))
    cleaned: dict[int, CleanAnswer] = {}
    errors: dict[str, str] = {}
    for question in questions:
        raw = answers.get(question.pk)
        if _is_blank(raw):
            if question.required:
                errors[f"question_{question.pk}"] = f"“{question.text}” needs an answer."
            continue
        result = _clean_one(question, raw, organization_skills)
        if isinstance(result, str):
            errors[f"question_{question.pk}"] = f"“{question.text}”: {result}"
        else:
            cleaned[question.pk] = result
    return cleaned, errors


def hours_from(*, questions: Sequence[Question], cleaned: Mapping[int, CleanAnswer]) -> int | None:
    """The hours per month given by an answer to an hours question, if any."""
    for question in questions:
        if question.feeds == QuestionFeeds.HOURS and question.pk in cleaned:
            return int(cleaned[question.pk].value)
    return None


def _add_skills(
    *, model: type[SkillWant] | type[SkillOffer], employee: Employee, skills: Sequence[Skill]
) -> list[str]:
    held = set(model.objects.filter(employee=employee).values_list("skill_id", flat=True))
    new = [skill for skill in skills if skill.pk not in held]
    if model is SkillWant:
        SkillWant.objects.bulk_create(
            [SkillWant(employee=employee, skill=s, priority=DEFAULT_SKILL_LEVEL) for s in new]
        )
    else:
        SkillOffer.objects.bulk_create(
            [SkillOffer(employee=employee, skill=s, proficiency=DEFAULT_SKILL_LEVEL) for s in new]
        )
    return [skill.slug for skill in new]


def save_answers(
    *,
    enrollment: Enrollment,
    questions: Sequence[Question],
    cleaned: Mapping[int, CleanAnswer],
) -> dict[str, Any]:
    """Store the answers (replacing earlier ones of this enrolment) and feed the profile.

    Returns what changed on the profile, for the audit trail.
    """
    employee = enrollment.employee
    Answer.objects.filter(enrollment=enrollment).delete()
    Answer.objects.bulk_create(
        [
            Answer(enrollment=enrollment, question_id=pk, value=a.value, display=a.display)
            for pk, a in cleaned.items()
        ]
    )
    changes: dict[str, Any] = {}
    profile_fields: list[str] = []
    for question in questions:
        answer = cleaned.get(question.pk)
        if answer is None or not question.feeds:
            continue
        if question.feeds == QuestionFeeds.SKILLS_WANTED:
            added = _add_skills(model=SkillWant, employee=employee, skills=answer.skills)
            changes.setdefault("skills_wanted", []).extend(added)
            skill_totals_refresh_soon(employee.organization_id)
        elif question.feeds == QuestionFeeds.SKILLS_OFFERED:
            added = _add_skills(model=SkillOffer, employee=employee, skills=answer.skills)
            changes.setdefault("skills_offered", []).extend(added)
            skill_totals_refresh_soon(employee.organization_id)
        elif question.feeds == QuestionFeeds.INTERESTS:
            names = answer.value if isinstance(answer.value, list) else [answer.value]
            interests = [
                Interest.objects.get_or_create(organization_id=employee.organization_id, name=n)[0]
                for n in names
            ]
            employee.interests.add(*interests)
            changes.setdefault("interests", []).extend(names)
        elif question.feeds == QuestionFeeds.EXTRAVERSION:
            employee.extraversion = int(answer.value)
            profile_fields.append("extraversion")
            changes["extraversion"] = employee.extraversion
        elif question.feeds == QuestionFeeds.HOURS:
            employee.hours_per_month = int(answer.value)
            profile_fields.append("hours_per_month")
            changes["hours_per_month"] = employee.hours_per_month
    if profile_fields:
        employee.save(update_fields=[*profile_fields, "updated_at"])
    return changes
