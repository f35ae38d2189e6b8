"""ORM rows become engine values: a person, the skills taxonomy, the settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time

from django.db.models import Prefetch, QuerySet

from remento.enrollment.models import Enrollment
from remento.matching.engine import (
    CRITERIA,
    DEFAULT_TIMEZONE_REFERENCE,
    Person,
    Settings,
    Taxonomy,
    Weights,
    utc_offset,
)
from remento.people.models import (
    Employee,
    SensitiveAttribute,
    SensitiveKind,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.people.reporting import managers_of
from remento.programs.models import Program, default_weights


def _profiles(queryset: QuerySet[Employee]) -> QuerySet[Employee]:
    """Employees with everything matching reads, in a fixed number of queries."""
    return queryset.select_related("department").prefetch_related(
        Prefetch("skill_offers", queryset=SkillOffer.objects.select_related("skill")),
        Prefetch("skill_wants", queryset=SkillWant.objects.select_related("skill")),
        "interests",
        Prefetch(
            "sensitive_attributes",
            queryset=SensitiveAttribute.objects.filter(consent_matching=True),
            to_attr="consented_attributes",
        ),
    )


def _timezone(name: str) -> str | None:
    # A zone the engine cannot read counts as unknown (a neutral score), not as an error
    # that would stop the whole run for one bad profile.
    try:
        utc_offset(name, datetime.now(tz=UTC))
    except ValueError:
        return None
    return name or None


def person_for(
    employee: Employee,
    *,
    chain: Sequence[int],
    enrollment: Enrollment | None,
    capacity: int,
) -> Person:
    """One engine ``Person`` from an employee's profile and, when enrolled, their enrolment.

    Sensitive attributes travel only when the person consented twice: on the attribute
    (``consent_matching``) and for this program (``Enrollment.consent_sensitive``).
    """
    consented = enrollment is not None and enrollment.consent_sensitive
    diversity = (
        {a.kind: a.value for a in getattr(employee, "consented_attributes", [])}
        if consented
        else {}
    )
    generation = employee.generation
    return Person(
        id=str(employee.pk),
        name=employee.display_name,
        level=employee.level,
        department=employee.department.name if employee.department else None,
        manager_chain=tuple(str(pk) for pk in chain),
        teaches={o.skill.slug: o.proficiency for o in employee.skill_offers.all()},
        wants={w.skill.slug: w.priority for w in employee.skill_wants.all()},
        interests=frozenset(i.name for i in employee.interests.all()),
        extraversion=employee.extraversion,
        # The label, not the code: the engine compares generations and names them in reasons.
        generation=generation.label if generation else None,
        timezone=_timezone(enrollment.timezone if enrollment else employee.timezone),
        hours_per_month=enrollment.hours_per_month if enrollment else employee.hours_per_month,
        capacity=capacity,
        diversity=diversity,
    )


def taxonomy_for(organization_id: int) -> Taxonomy:
    """The organisation's skills: categories for partial credit, names for the reasons."""
    rows = Skill.objects.filter(organization_id=organization_id).values_list(
        "slug", "name", "category"
    )
    return Taxonomy(
        categories={slug: category for slug, _, category in rows},
        names={slug: name for slug, name, _ in rows},
    )


def settings_for(
    program: Program,
    *,
    locked: Iterable[tuple[int, int]] = (),
    blocked: Iterable[tuple[int, int]] = (),
) -> Settings:
    """Engine settings from the program's matching settings, plus coordinator locks/blocks."""
    values = program.engine_settings()
    weights = {**default_weights(), **values["weights"]}
    reference = (
        datetime.combine(program.start_date, time(12), tzinfo=UTC)
        if program.start_date
        else DEFAULT_TIMEZONE_REFERENCE
    )
    max_tz = values["max_timezone_diff_hours"]
    return Settings(
        weights=Weights(**{c: float(weights.get(c, 0.0)) for c in CRITERIA}),
        program_type=values["program_type"],
        min_level_gap=values["min_level_gap"],
        reporting_line_depth=values["reporting_line_depth"],
        same_department=values["same_department"],
        max_timezone_diff_hours=float(max_tz) if max_tz is not None else None,
        blocked_pairs=frozenset((str(a), str(b)) for a, b in blocked),
        locked_pairs=tuple((str(a), str(b)) for a, b in locked),
        # A fixed list, so a pair scores the same in a run, a swap and a suggestion.
        diversity_attributes=tuple(SensitiveKind.values),
        timezone_reference=reference,
    )


def chains_for(program: Program, employee_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """The managers of these people (a cohort, or the two people of one pair), as deep as
    the program's reporting-line rule looks, in one query: never the whole organisation."""
    return managers_of(
        employee_ids,
        organization_id=program.organization_id,
        depth=program.engine_settings()["reporting_line_depth"],
    )


def _person_of(
    program: Program, employee: Employee, role: str, *, chain: Sequence[int] | None = None
) -> Person:
    """One person as the program sees them (their enrolment if any), for a single pair;
    ``chain`` when the caller already read their managers (one query for both people)."""
    enrollment = Enrollment.objects.filter(program=program, employee=employee, role=role).first()
    profile = _profiles(Employee.objects.filter(pk=employee.pk)).get()
    if chain is None:
        chain = chains_for(program, [employee.pk])[employee.pk]
    return person_for(
        profile,
        chain=chain,
        enrollment=enrollment,
        capacity=enrollment.capacity if enrollment else 1,
    )
