"""KPI figures by department, generation, location and program type, small groups hidden.

The participants of a program (or of every program of an organisation) are split by one of
their attributes, and each group gets the KPIs its people's records hold: people enrolled,
meetings per pair, goals achieved, check-in rating and completion. A person counts in their
own group; a pair's figures count for the groups of both its people (once when both are in
the same group), a goal for its owner's, a rating for the group of who gave it.

Any group of fewer than ``settings.REMENTO_MIN_GROUP_SIZE`` people is hidden, figures and
all, and so are further groups where one hidden group could otherwise be worked out from the
total and the groups shown (``core.small_groups.sensitive_group_counts`` decides which).
Skill gain and retention are not broken down: they rest on few people per group, and the
retention comparison is already matched on department and generation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from remento.core.models import Organization
from remento.core.small_groups import sensitive_group_counts
from remento.enrollment.models import EnrollmentStatus
from remento.outcomes.kpis.facts import GoalFact, PairFact, ProgramFacts, cutoff_of, load_facts
from remento.people.models import Employee, Generation, generation_for
from remento.programs.models import KpiKind, Program, ProgramType, Status

DIMENSIONS: dict[str, str] = {
    "department": "Department",
    "generation": "Generation",
    "location": "Location",
    "program_type": "Program type",
}
PROGRAM_DIMENSIONS = ("department", "generation", "location")
KINDS: tuple[str, ...] = (
    KpiKind.PARTICIPATION,
    KpiKind.MEETINGS_PER_PAIR,
    KpiKind.GOALS_ACHIEVED,
    KpiKind.CHECKIN_RATING,
    KpiKind.COMPLETION,
)
NOT_RECORDED = {
    "department": "No department",
    "generation": "Birth year not recorded",
    "location": "Location not recorded",
}
# Groups are listed in this order (generations oldest first), the unrecorded one last.
_GENERATION_ORDER = {value: index for index, value in enumerate(Generation.values)}

Member = tuple[int, int]  # (program id, employee id): a person's place in one program


@dataclass(frozen=True)
class GroupFigure:
    """One KPI of one group: ``value`` None when its people's records hold no data."""

    value: float | None
    sample: int


@dataclass(frozen=True)
class BreakdownGroup:
    """One group; ``people`` is None and ``figures`` empty when it is hidden."""

    key: str
    label: str
    people: int | None
    figures: dict[str, GroupFigure] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.people is None


@dataclass(frozen=True)
class Breakdown:
    """The participants split by ``dimension``, with every KPI of ``kinds`` per group and
    for everyone (``total``)."""

    dimension: str
    label: str
    kinds: tuple[str, ...]
    groups: tuple[BreakdownGroup, ...]
    total_people: int
    total: dict[str, GroupFigure]
    min_group_size: int
    method: str

    @property
    def any_hidden(self) -> bool:
        return any(group.hidden for group in self.groups)

    @property
    def hidden_note(self) -> str:
        """What a reader is told about the hidden groups (empty when none is)."""
        if not self.any_hidden:
            return ""
        return (
            f"Groups of fewer than {self.min_group_size} people are hidden, and where needed "
            "one more, so that no hidden group can be worked out from the total."
        )


METHOD = (
    "Each person counts in their own group; a pair's meetings and outcome count for the "
    "groups of both its people, a goal for its owner's, a rating for the group of who gave it."
)


@dataclass
class _Scope:
    """The facts of the programs in scope and what each participant is grouped by."""

    facts: dict[int, ProgramFacts]
    program_types: dict[int, str]
    people: dict[int, tuple[str, int | None, str]]  # department, birth year, location
    members: set[Member]
    held: Counter[int]


def _members(facts: dict[int, ProgramFacts]) -> set[Member]:
    """Who takes part: enrolled, or in a pair (matched and withdrew later, too)."""
    members: set[Member] = set()
    for program_id, program_facts in facts.items():
        for enrollment in program_facts.enrollments:
            if enrollment.status == EnrollmentStatus.ENROLLED:
                members.add((program_id, enrollment.employee_id))
        for pair in program_facts.pairs:
            members |= {(program_id, pair.mentor_id), (program_id, pair.mentee_id)}
    return members


def _scope(
    program_types: dict[int, str],
    organization_id: int,
    facts: dict[int, ProgramFacts] | None = None,
    viewer_id: int | None = None,
) -> _Scope:
    if facts is None:
        facts = load_facts(program_types, viewer_id=viewer_id)
    members = _members(facts)
    ids = {employee_id for _program_id, employee_id in members}
    # Looked up by key alone, the organisation checked here: filtered on the organisation
    # too, the database walked every one of its people (O(organisation), not O(program)).
    rows = Employee.objects.filter(pk__in=ids).order_by()
    people = {
        pk: (department, birth_year, location)
        for pk, organization, department, birth_year, location in rows.values_list(
            "pk", "organization_id", "department__name", "birth_year", "location"
        )
        if organization == organization_id
    }
    held = Counter(pair_id for f in facts.values() for pair_id, _starts_at in f.held_meetings)
    return _Scope(
        facts=facts,
        program_types=program_types,
        people=people,
        # Only the organisation's own people, should a row ever point elsewhere.
        members={member for member in members if member[1] in people},
        held=held,
    )


def _group_of(scope: _Scope, member: Member, dimension: str) -> tuple[str, str]:
    """The (key, label) of the group ``member`` belongs to; the key "" when not recorded."""
    program_id, employee_id = member
    if dimension == "program_type":
        kind = scope.program_types[program_id]
        return kind, ProgramType(kind).label
    department, birth_year, location = scope.people[employee_id]
    if dimension == "department":
        value = department or ""
        return value, value or NOT_RECORDED[dimension]
    if dimension == "generation":
        generation = generation_for(birth_year)
        return (generation.value, generation.label) if generation else ("", NOT_RECORDED[dimension])
    value = location.strip()
    return value, value or NOT_RECORDED[dimension]


def _share(done: int, of: int) -> GroupFigure:
    return GroupFigure(value=100 * done / of if of else None, sample=of)


def _average(values: list[float]) -> GroupFigure:
    return GroupFigure(value=sum(values) / len(values) if values else None, sample=len(values))


@dataclass
class _ByMember:
    """What each participant's figures read, as of one cutoff, filed under them once, so
    that a group's figures read its own people's rows, not every row once per group."""

    cutoff: datetime
    pairs: dict[Member, list[PairFact]] = field(default_factory=lambda: defaultdict(list))
    goals: dict[Member, list[GoalFact]] = field(default_factory=lambda: defaultdict(list))
    ratings: dict[Member, list[float]] = field(default_factory=lambda: defaultdict(list))


def _by_member(scope: _Scope) -> _ByMember:
    """Each member's started pairs (as mentor or mentee), the goals they own in the started
    pairs, and the ratings they gave, as of the end of today."""
    index = _ByMember(cutoff_of(timezone.localdate()))
    for program_id, facts in scope.facts.items():
        started = [p for p in facts.pairs if p.started_by(index.cutoff)]
        for pair in started:
            index.pairs[(program_id, pair.mentor_id)].append(pair)
            if pair.mentee_id != pair.mentor_id:
                index.pairs[(program_id, pair.mentee_id)].append(pair)
        started_ids = {p.id for p in started}
        for goal in facts.goals:
            if goal.pair_id in started_ids:
                index.goals[(program_id, goal.owner_id)].append(goal)
        for rating in facts.ratings:
            index.ratings[(program_id, rating.employee_id)].append(float(rating.rating))
    return index


def _figures(scope: _Scope, members: set[Member], index: _ByMember) -> dict[str, GroupFigure]:
    """Every KPI of ``KINDS`` for the people of ``members``, from their records now."""
    cutoff = index.cutoff
    # A pair of two members counts once (keyed by its program and id).
    pairs = list({(m[0], p.id): p for m in members for p in index.pairs.get(m, ())}.values())
    goals = [g for m in members for g in index.goals.get(m, ())]
    ratings = [r for m in members for r in index.ratings.get(m, ())]
    closed = [p for p in pairs if p.closed_by(cutoff)]
    people = len({employee_id for _program_id, employee_id in members})
    return {
        KpiKind.PARTICIPATION: GroupFigure(value=float(people), sample=people),
        KpiKind.MEETINGS_PER_PAIR: _average([float(scope.held[p.id]) for p in pairs]),
        KpiKind.GOALS_ACHIEVED: _share(sum(g.achieved_by(cutoff) for g in goals), len(goals)),
        KpiKind.CHECKIN_RATING: _average(ratings),
        KpiKind.COMPLETION: _share(sum(1 for p in closed if p.completed), len(closed)),
    }


def _sort_key(dimension: str, key: str, label: str) -> tuple[int, int, str]:
    order = _GENERATION_ORDER.get(key, 0) if dimension == "generation" else 0
    return (key == "", order, label.casefold())


def _breakdown(
    scope: _Scope,
    dimension: str,
    index: _ByMember,
    total: dict[str, GroupFigure],
) -> Breakdown:
    """``scope``'s participants split by ``dimension``, the small groups hidden."""
    grouped: dict[str, set[Member]] = defaultdict(set)
    labels: dict[str, str] = {}
    for member in scope.members:
        key, labels[key] = _group_of(scope, member, dimension)
        grouped[key].add(member)
    ordered = sorted(grouped, key=lambda key: _sort_key(dimension, key, labels[key]))
    people = {key: len({employee for _p, employee in grouped[key]}) for key in ordered}
    safe = sensitive_group_counts(people)
    groups = tuple(
        BreakdownGroup(
            key=key,
            label=labels[key],
            people=safe.count(key),
            figures={} if safe.count(key) is None else _figures(scope, grouped[key], index),
        )
        for key in ordered
    )
    return Breakdown(
        dimension=dimension,
        label=DIMENSIONS[dimension],
        kinds=KINDS,
        groups=groups,
        total_people=len({employee for _p, employee in scope.members}),
        total=total,
        min_group_size=safe.min_group_size,
        method=METHOD,
    )


def program_breakdowns(program: Program, *, facts: ProgramFacts | None = None) -> list[Breakdown]:
    """``program``'s KPIs by department, generation and location (seven queries; one when
    the caller passes the program's ``facts``, already read for its KPIs: those of the
    viewer, ``kpis.inputs.ProgramInputs``, for a page)."""
    scope = _scope(
        {program.pk: program.program_type},
        program.organization_id,
        None if facts is None else {program.pk: facts},
    )
    # Worked out once for every dimension: the people's rows by person, and the total.
    index = _by_member(scope)
    total = _figures(scope, scope.members, index)
    return [_breakdown(scope, dimension, index, total) for dimension in PROGRAM_DIMENSIONS]


def organization_breakdowns(
    organization: Organization, *, viewer_id: int | None = None
) -> list[Breakdown]:
    """The KPIs of every program of ``organization`` past its draft, by department,
    generation, location and program type; a person counts in each program they took part
    in (eight queries, however many programs). For ``viewer_id``, the check-in answers they
    may not count are left out (``outcomes.confidential``)."""
    program_types = dict(
        Program.objects.filter(Q(organization=organization) & ~Q(status=Status.DRAFT)).values_list(
            "pk", "program_type"
        )
    )
    scope = _scope(program_types, organization.pk, viewer_id=viewer_id)
    # Worked out once for every dimension: the people's rows by person, and the total.
    index = _by_member(scope)
    total = _figures(scope, scope.members, index)
    return [_breakdown(scope, dimension, index, total) for dimension in DIMENSIONS]


def kpi_label(kind: str) -> str:
    """The catalogue's label of ``kind`` (for the tables' column headers)."""
    return KpiKind(kind).label
