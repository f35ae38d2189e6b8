"""The one bridge between the app and the matching engine.

ORM rows (enrolled people of a program with their profiles) become engine ``Person``
values, a program's settings become engine ``Settings``, and engine results come back as
plain data keyed by employee primary keys, ready for services and pages. Nothing else in the
app imports the engine.

What people read never depends on the sensitive attributes. The engine may use them (the
diversity criterion, where both people consented), but every score, contribution, reason and
order that a participant or a coordinator reads is computed without that criterion
(:func:`shown_settings`): a mentee who changes their own declared attribute and reads their
suggestions again sees exactly the same page, so nothing tells them what a mentor declared.
Coordinators see the criterion's effect only as an aggregate (:func:`backgrounds_bridged`),
which the selectors pass through ``remento.core.small_groups``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from typing import Any, Literal

from django.db.models import Count, Prefetch, QuerySet

from remento.core.errors import ServiceError
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching import engine
from remento.matching.engine.model import (
    CRITERIA,
    DEFAULT_TIMEZONE_REFERENCE,
    LOCKED_ELSEWHERE,
    LOST_TO_BETTER_MATCH,
    NO_CAPACITY,
    NO_ELIGIBLE_PARTNER,
    Explanation,
    Person,
    Settings,
    Taxonomy,
    Weights,
)
from remento.matching.engine.scoring import WORKDAY_HOURS, offset_diff, utc_offset
from remento.people.models import (
    Employee,
    SensitiveAttribute,
    SensitiveKind,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.programs.models import Program, default_weights
from remento.relationships.models import OPEN_PAIR, Pair

# A manager chain longer than this is a data error (imports reject cycles); stop walking
# there rather than loop for ever on a cycle entered by hand in the admin.
MAX_MANAGER_CHAIN = 50

UNMATCHED_WORDS = {
    NO_ELIGIBLE_PARTNER: (
        "No eligible partner in the pool: every possible partner breaks a rule "
        "(level gap, reporting line, department or time zone)."
    ),
    LOST_TO_BETTER_MATCH: "Their eligible partners all went to better overall matches.",
    NO_CAPACITY: "Capacity 0: they take no mentee in this program.",
    LOCKED_ELSEWHERE: "Every eligible partner is already in a pair the coordinator locked.",
}

Population = Literal["enrolled", "eligible"]


class PairForbidden(Exception):
    """The pair breaks a hard constraint; the message says which, in plain words."""


@dataclass(frozen=True)
class PairResult:
    """A scored pair as people may read it: scored without the diversity criterion, whose
    contribution and reason never appear; the contributions add up to ``score``."""

    mentor_id: int
    mentee_id: int
    score: float
    contributions: dict[str, float]
    reasons: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class UnmatchedResult:
    employee_id: int
    role: str
    reason: str


@dataclass(frozen=True)
class MatchOutcome:
    """What a run proposes: pairs (best first), the unmatched with reasons, and a summary
    (pairs, total, minimum, p10, median, mean, unmatched counts and by department)."""

    pairs: list[PairResult]
    unmatched: list[UnmatchedResult]
    summary: dict[str, Any]


@dataclass(frozen=True)
class SuggestionResult:
    mentor_id: int
    rank: int
    score: float
    contributions: dict[str, float]
    reasons: list[str]
    warnings: list[str]


@dataclass
class Pool:
    """The people a program matches, as engine values, with the employees behind them."""

    program: Program
    settings: dict[str, Any]
    mentors: list[Person] = field(default_factory=list)
    mentees: list[Person] = field(default_factory=list)
    employees: dict[int, Employee] = field(default_factory=dict)
    population: Population = "enrolled"

    def mentor_ids(self) -> set[int]:
        return {int(p.id) for p in self.mentors}

    def mentee_ids(self) -> set[int]:
        return {int(p.id) for p in self.mentees}


# --- ORM rows -> engine values -------------------------------------------------------------


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


def manager_chains(organization_id: int) -> dict[int, tuple[int, ...]]:
    """Every employee's managers, nearest first: one query, walked in Python."""
    manager_of = dict(
        Employee.objects.filter(organization_id=organization_id).values_list("pk", "manager_id")
    )
    chains: dict[int, tuple[int, ...]] = {}
    for pk in manager_of:
        chain: list[int] = []
        boss = manager_of.get(pk)
        while boss is not None and boss != pk and boss not in chain:
            chain.append(boss)
            if len(chain) >= MAX_MANAGER_CHAIN:
                break
            boss = manager_of.get(boss)
        chains[pk] = tuple(chain)
    return chains


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


def shown_settings(settings: Settings) -> Settings:
    """``settings`` with the diversity criterion off: what people read is scored so.

    The engine's weights are additive, so a pair's shown score is its full score less the
    diversity contribution, and its reasons are the best ones among the other criteria.
    """
    return replace(
        settings,
        weights=replace(settings.weights, diversity=0.0),
        diversity_attributes=(),
    )


def _without_attributes(person: Person) -> Person:
    """The person with no sensitive attribute, for anything shown to people."""
    return replace(person, diversity={}) if person.diversity else person


def _bridges(mentor: Person, mentee: Person, attributes: Sequence[str]) -> bool:
    """Both people shared at least one attribute and differ on it."""
    return any(
        a in mentor.diversity
        and a in mentee.diversity
        and mentor.diversity[a] != mentee.diversity[a]
        for a in attributes
    )


def _open_pair_counts(program: Program) -> tuple[set[int], dict[int, int]]:
    open_pairs = Pair.objects.filter(OPEN_PAIR, program=program)
    paired_mentees = set(open_pairs.values_list("mentee_id", flat=True))
    mentor_load = dict(
        open_pairs.values_list("mentor_id").annotate(n=Count("id")).values_list("mentor_id", "n")
    )
    return paired_mentees, mentor_load


def pool_for_program(program: Program, *, population: Population = "enrolled") -> Pool:
    """The people to match in ``program``.

    ``enrolled``: enrolled, active people; mentees already in an open pair are left out and
    mentors count only their free places. ``eligible``: the organisation's active people in
    the program's mentor and mentee levels (and departments, when the program names some),
    for a preview before anyone enrolled; mentors get the program's default capacity.
    """
    pool = Pool(program=program, settings=program.engine_settings(), population=population)
    chains = manager_chains(program.organization_id)
    if population == "enrolled":
        paired_mentees, mentor_load = _open_pair_counts(program)
        enrollments = list(
            Enrollment.objects.filter(
                program=program, status=EnrollmentStatus.ENROLLED, employee__is_active=True
            ).order_by("employee_id")
        )
        employees = {
            e.pk: e
            for e in _profiles(
                Employee.objects.filter(pk__in=[row.employee_id for row in enrollments])
            )
        }
        for row in enrollments:
            employee = employees[row.employee_id]
            chain = chains.get(employee.pk, ())
            if row.role == EnrollmentRole.MENTOR:
                free = row.capacity - mentor_load.get(employee.pk, 0)
                if free > 0:
                    pool.mentors.append(
                        person_for(employee, chain=chain, enrollment=row, capacity=free)
                    )
                    pool.employees[employee.pk] = employee
            elif employee.pk not in paired_mentees:
                pool.mentees.append(person_for(employee, chain=chain, enrollment=row, capacity=1))
                pool.employees[employee.pk] = employee
        return pool

    base = Employee.objects.filter(organization_id=program.organization_id, is_active=True)
    department_ids = list(program.departments.values_list("pk", flat=True))
    if department_ids:
        base = base.filter(department_id__in=department_ids)
    mentors = _profiles(
        base.filter(level__gte=program.mentor_min_level, level__lte=program.mentor_max_level)
    ).order_by("pk")
    mentees = _profiles(
        base.filter(level__gte=program.mentee_min_level, level__lte=program.mentee_max_level)
    ).order_by("pk")
    for employee in mentors:
        pool.mentors.append(
            person_for(
                employee,
                chain=chains.get(employee.pk, ()),
                enrollment=None,
                capacity=program.mentor_capacity,
            )
        )
        pool.employees[employee.pk] = employee
    for employee in mentees:
        pool.mentees.append(
            person_for(employee, chain=chains.get(employee.pk, ()), enrollment=None, capacity=1)
        )
        pool.employees[employee.pk] = employee
    return pool


def _person_of(program: Program, employee: Employee, role: str) -> Person:
    """One person as the program sees them (their enrolment if any), for a single pair."""
    enrollment = Enrollment.objects.filter(program=program, employee=employee, role=role).first()
    profile = _profiles(Employee.objects.filter(pk=employee.pk)).get()
    return person_for(
        profile,
        chain=manager_chains(program.organization_id).get(employee.pk, ()),
        enrollment=enrollment,
        capacity=enrollment.capacity if enrollment else 1,
    )


# --- engine results -> plain data ---------------------------------------------------------


def _shown_contributions(explanation: Explanation) -> dict[str, float]:
    return {k: round(float(v), 4) for k, v in explanation.contributions.items() if k != "diversity"}


def _shown_explanation(
    mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings
) -> Explanation:
    """The pair as people may read it: no sensitive attribute, no diversity criterion."""
    return engine.explain(
        _without_attributes(mentor), _without_attributes(mentee), taxonomy, shown_settings(settings)
    )


def _pair_result(explanation: Explanation) -> PairResult:
    return PairResult(
        mentor_id=int(explanation.mentor_id),
        mentee_id=int(explanation.mentee_id),
        score=round(float(explanation.score), 4),
        contributions=_shown_contributions(explanation),
        reasons=[reason.text for reason in explanation.reasons],
        warnings=list(explanation.warnings),
    )


def _unmatched_words(reason: str) -> str:
    return UNMATCHED_WORDS.get(reason, reason[:1].upper() + reason[1:])


def pool_match(
    pool: Pool,
    *,
    locked: Iterable[tuple[int, int]] = (),
    blocked: Iterable[tuple[int, int]] = (),
) -> MatchOutcome:
    """Run the engine on ``pool``: the best total score under the program's rules, keeping
    ``locked`` (mentor pk, mentee pk) pairs and never proposing ``blocked`` ones.

    Pairs come back best first with their contributions, reasons and warnings; the summary
    is the engine's (with its proven upper bound and optimality gap).
    """
    taxonomy = taxonomy_for(pool.program.organization_id)
    settings = settings_for(pool.program, locked=locked, blocked=blocked)
    try:
        result = engine.match(pool.mentors, pool.mentees, taxonomy, settings)
    except ValueError as error:
        raise ServiceError(f"Matching could not run: {error}.") from error
    mentors = {p.id: p for p in pool.mentors}
    mentees = {p.id: p for p in pool.mentees}
    shown = {
        (p.mentor_id, p.mentee_id): _pair_result(
            _shown_explanation(mentors[p.mentor_id], mentees[p.mentee_id], taxonomy, settings)
        )
        for p in result.pairs
    }
    # Best first by the engine's own score (the matching's order, kept for the round limit);
    # every figure below is the shown one.
    ordered = sorted(result.pairs, key=lambda p: (-p.score, int(p.mentee_id)))
    pairs = [shown[(p.mentor_id, p.mentee_id)] for p in ordered]
    summary = engine.summarize(
        replace(
            result,
            pairs=tuple(replace(p, score=shown[(p.mentor_id, p.mentee_id)].score) for p in ordered),
        ),
        [*pool.mentors, *pool.mentees],
    )
    return MatchOutcome(
        pairs=pairs,
        unmatched=[
            UnmatchedResult(
                employee_id=int(u.person_id), role=u.role, reason=_unmatched_words(u.reason)
            )
            for u in result.unmatched
        ],
        summary={
            "pairs": summary.pairs,
            "total": round(summary.total, 4),
            "minimum": round(summary.minimum, 4),
            "p10": round(summary.p10, 4),
            "median": round(summary.median, 4),
            "mean": round(summary.mean, 4),
            "unmatched_mentees": summary.unmatched_mentees,
            "unmatched_mentors": summary.unmatched_mentors,
            "unmatched_by_department": dict(summary.unmatched_by_department),
            # No upper bound nor gap: they bound the engine's objective, which counts the
            # diversity criterion, and would tell its total to whoever reads the run.
            "method": result.method,
            # Where a guarantee holds only on the candidate set (large cohorts), in words.
            "caveats": list(result.caveats),
        },
    )


def pair_explain(*, program: Program, mentor: Employee, mentee: Employee) -> PairResult:
    """Score one pair under the program's settings as a run shows it (without the
    diversity criterion, like every score people read).

    Raises ``PairForbidden`` naming both people and the rule when the pair breaks a hard
    constraint (level gap, reporting line, department, time zone).
    """
    explanation = _shown_explanation(
        _person_of(program, mentor, EnrollmentRole.MENTOR),
        _person_of(program, mentee, EnrollmentRole.MENTEE),
        taxonomy_for(program.organization_id),
        settings_for(program),
    )
    if not explanation.eligible:
        raise PairForbidden(
            f"{mentor.display_name} and {mentee.display_name} cannot be paired: "
            f"{explanation.ineligible_because}."
        )
    return _pair_result(explanation)


def mentee_suggestions(
    *,
    program: Program,
    mentee: Employee,
    exclude_mentor_ids: Collection[int] = (),
    k: int | None = None,
) -> list[SuggestionResult]:
    """Enrolled mentors with a free place, best first for ``mentee`` (``k`` of them, or
    all), with reasons. Mentors in ``exclude_mentor_ids`` (asked before) are left out, and
    ranks count only those offered.

    The mentee reads the order as well as the scores and reasons, and may change their own
    declared attributes and read again as often as they like: suggestions are therefore
    ranked and scored without any sensitive attribute, so they would be the same whatever
    the mentee or a mentor declared (the diversity criterion counts only in coordinator
    runs, whose per-pair figures are never shown with it either)."""
    pool = pool_for_program(program)
    excluded = set(exclude_mentor_ids)
    mentors = [_without_attributes(p) for p in pool.mentors if int(p.id) not in excluded]
    person = _without_attributes(_person_of(program, mentee, EnrollmentRole.MENTEE))
    found = engine.suggest(
        person,
        mentors,
        taxonomy_for(program.organization_id),
        shown_settings(settings_for(program)),
        k=k if k is not None else max(1, len(mentors)),
    )
    return [
        SuggestionResult(
            mentor_id=int(s.mentor_id),
            rank=rank,
            score=round(float(s.score), 4),
            contributions=_shown_contributions(s.explanation),
            reasons=[r.text for r in s.explanation.reasons],
            warnings=list(s.explanation.warnings),
        )
        for rank, s in enumerate(found, start=1)
    ]


# --- the diversity criterion, as an aggregate only ----------------------------------------


def pool_backgrounds_bridged(pool: Pool, pairs: Iterable[tuple[int, int]]) -> int:
    """How many of ``pairs`` (mentor pk, mentee pk) of ``pool`` bring together people who
    both shared an attribute for matching and differ on it. An aggregate for coordinators
    only: pass it through ``remento.core.small_groups`` before showing it."""
    mentors = {int(p.id): p for p in pool.mentors}
    mentees = {int(p.id): p for p in pool.mentees}
    attributes = tuple(SensitiveKind.values)
    return sum(
        1
        for mentor_id, mentee_id in pairs
        if mentor_id in mentors
        and mentee_id in mentees
        and _bridges(mentors[mentor_id], mentees[mentee_id], attributes)
    )


def _consented_diversity(
    program_id: int, employee_ids: Collection[int]
) -> dict[tuple[int, str], Mapping[str, str]]:
    """(employee pk, role) -> the attributes they consented to use in the program."""
    enrollments = Enrollment.objects.filter(
        program_id=program_id, employee_id__in=employee_ids, consent_sensitive=True
    )
    consented = {(row.employee_id, row.role) for row in enrollments}
    attributes = SensitiveAttribute.objects.filter(
        employee_id__in={pk for pk, _ in consented}, consent_matching=True
    ).values_list("employee_id", "kind", "value")
    by_employee: dict[int, dict[str, str]] = {}
    for employee_id, kind, value in attributes:
        by_employee.setdefault(employee_id, {})[kind] = value
    return {key: by_employee.get(key[0], {}) for key in consented}


def backgrounds_bridged(*, program_id: int, pairs: Sequence[tuple[int, int]]) -> int:
    """How many of ``pairs`` (mentor pk, mentee pk) of a program bring together people
    who both consented to use an attribute in this program and differ on it, read now (a
    withdrawn consent no longer counts). Two queries, whatever the number of pairs. An
    aggregate for coordinators only: pass it through ``remento.core.small_groups``."""
    ids = {pk for pair in pairs for pk in pair}
    diversity = _consented_diversity(program_id, ids)
    attributes = tuple(SensitiveKind.values)
    return sum(
        1
        for mentor_id, mentee_id in pairs
        if _bridges(
            Person(
                id=str(mentor_id), diversity=diversity.get((mentor_id, EnrollmentRole.MENTOR), {})
            ),
            Person(
                id=str(mentee_id), diversity=diversity.get((mentee_id, EnrollmentRole.MENTEE), {})
            ),
            attributes,
        )
    )


# --- working hours in common, for the cards people read --------------------------------------


def working_hours_in_common(*, program: Program, first: str, second: str) -> float | None:
    """Hours of an 8-hour working day two time zones share, measured as the engine measures
    them (at the program's start, or the engine's reference date); None when either zone
    is unknown."""
    at = (
        datetime.combine(program.start_date, time(12), tzinfo=UTC)
        if program.start_date
        else DEFAULT_TIMEZONE_REFERENCE
    )
    zones = _timezone(first), _timezone(second)
    if zones[0] is None or zones[1] is None:
        return None
    a, b = utc_offset(zones[0], at), utc_offset(zones[1], at)
    if a is None or b is None:
        return None
    return max(0.0, WORKDAY_HOURS - offset_diff(a, b))
