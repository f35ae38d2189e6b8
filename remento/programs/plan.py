"""A program's plan as plain values, and the rules a plan must follow.

Services take a ``ProgramPlan`` so scripts (the demo, imports) can build a program in one
call with the reverse-mentoring defaults, and forms only have to fill the same dataclass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from remento.core.models import Organization
from remento.core.words import count_of
from remento.matching.engine import criteria
from remento.people.models import Department
from remento.programs.agreement import default_agreement, default_agreement_rhythm
from remento.programs.models import (
    DEFAULT_TIMEZONE_WINDOW_HOURS,
    EnrollmentMode,
    KpiKind,
    MatchingMode,
    ObjectiveType,
    Program,
    ProgramType,
    SameDepartment,
    default_weights,
)

# The criteria the engine weighs, in the order pages show them (one table for every page).
WEIGHT_LABELS: dict[str, str] = criteria.LABELS

# What a KPI target may be, per kind: (lowest, highest).
KPI_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    KpiKind.MEETINGS_PER_PAIR: (Decimal(1), Decimal(100)),
    KpiKind.GOALS_ACHIEVED: (Decimal(1), Decimal(100)),
    KpiKind.CHECKIN_RATING: (Decimal(1), Decimal(5)),
    KpiKind.SKILL_GAIN: (Decimal("0.1"), Decimal(4)),
    KpiKind.MENTOR_RETENTION: (Decimal("0.1"), Decimal(100)),
    KpiKind.COMPLETION: (Decimal(1), Decimal(100)),
    KpiKind.PARTICIPATION: (Decimal(1), Decimal(100000)),
}

# Once pairs run, only these may change: the design the pairs signed up to stays put. The
# sponsor may change hands and the lessons are written as the program runs and after it.
EDITABLE_WHEN_RUNNING = frozenset(
    {"name", "start_date", "end_date", "incentives", "sponsor_name", "sponsor_title", "lessons"}
)
# The longest "what to change next time" a coordinator may write (a page of the report).
LESSONS_MAX = 4000

MAX_TIMEZONE_DIFF_HOURS = criteria.TIMEZONE_WINDOW_MAX_HOURS
MAX_REPORTING_LINE_DEPTH = 20


@dataclass(frozen=True)
class KpiTarget:
    """A KPI chosen from the catalogue (``KpiKind``) and the target the program commits to."""

    kind: str
    target: Decimal


@dataclass(frozen=True)
class ProgramPlan:
    """Everything a coordinator decides about a program, with reverse-mentoring defaults."""

    name: str
    program_type: str = ProgramType.REVERSE
    # 1. Objective.
    objective_type: str = ObjectiveType.DIGITAL_LITERACY
    goal: str = ""
    method: str = ""
    success_criteria: str = ""
    sponsor_name: str = ""
    sponsor_title: str = ""
    # Written while the program runs or after it closes: the report's "what to change".
    lessons: str = ""
    # 2. Design.
    departments: tuple[Department, ...] = ()
    mentor_min_level: int = 1
    mentor_max_level: int = 4
    mentee_min_level: int = 7
    mentee_max_level: int = 10
    min_level_gap: int = 3
    max_pairs: int | None = None
    pairs_per_cohort: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    meeting_cadence_days: int = 14
    meeting_length_minutes: int = 45
    enrollment_mode: str = EnrollmentMode.OPEN
    matching_mode: str = MatchingMode.BULK
    incentives: str = ""
    # Matching settings.
    weights: Mapping[str, float] = field(default_factory=default_weights)
    reporting_line_depth: int | None = None
    same_department: str = SameDepartment.ALLOW
    max_timezone_diff_hours: int | None = DEFAULT_TIMEZONE_WINDOW_HOURS
    mentor_capacity: int = 1
    request_expiry_days: int = 7
    # 5. Launch.
    agreement_text: str = field(default_factory=default_agreement)

    @classmethod
    def for_type(cls, program_type: str, *, max_level: int = 10, **values: Any) -> ProgramPlan:
        """A plan with the level defaults of ``program_type`` on a ladder of ``max_level``:
        reverse puts mentors at 1–4 and mentees at 7–10 with a gap of 3, traditional the
        other way round, mutual lets everyone take either side."""
        top = max(max_level, 1)
        juniors = (1, min(4, top))
        seniors = (min(7, top), top)
        if program_type == ProgramType.TRADITIONAL:
            mentor, mentee, gap = seniors, juniors, 3
        elif program_type == ProgramType.MUTUAL:
            mentor, mentee, gap = (1, top), (1, top), 0
        else:
            mentor, mentee, gap = juniors, seniors, 3
        defaults: dict[str, Any] = {
            "program_type": program_type,
            "mentor_min_level": mentor[0],
            "mentor_max_level": mentor[1],
            "mentee_min_level": mentee[0],
            "mentee_max_level": mentee[1],
            "min_level_gap": gap,
        }
        return cls(**(defaults | values))

    @classmethod
    def from_program(cls, program: Program) -> ProgramPlan:
        """The plan a saved program holds (departments read from the database)."""
        values = {
            item.name: getattr(program, item.name)
            for item in fields(cls)
            if item.name not in ("departments", "weights")
        }
        return cls(
            **values,
            departments=tuple(program.departments.all()),
            weights=dict(program.weights),
        )

    def model_values(self) -> dict[str, Any]:
        """The plan as model field values (departments are a many-to-many: set apart)."""
        values = {item.name: getattr(self, item.name) for item in fields(self)}
        values.pop("departments")
        values["weights"] = {key: float(self.weights[key]) for key in WEIGHT_LABELS}
        for key in (
            "name",
            "goal",
            "method",
            "success_criteria",
            "sponsor_name",
            "sponsor_title",
            "lessons",
            "incentives",
        ):
            values[key] = str(values[key]).strip()
        values["agreement_text"] = self.agreement_text.strip()
        return values


def agreement_follows_rhythm(plan: ProgramPlan) -> ProgramPlan:
    """``plan`` with its agreement written for its own meeting cadence and length, when the
    agreement is still the untouched default text for another rhythm (a new plan starts
    from the default for every 2 weeks, 45 minutes); a text anyone edited stays as written.
    """
    own = (plan.meeting_cadence_days, plan.meeting_length_minutes)
    if not all(isinstance(value, int) and value > 0 for value in own):
        return plan  # plan_errors says what is wrong with them
    rhythm = default_agreement_rhythm(plan.agreement_text)
    if rhythm is None or rhythm == own:
        return plan
    return replace(
        plan,
        agreement_text=default_agreement(
            cadence_days=plan.meeting_cadence_days, length_minutes=plan.meeting_length_minutes
        ),
    )


def _check_choice(value: str, choices: Sequence[str], label: str) -> str | None:
    return None if value in choices else f"Choose one of the listed {label}, not “{value}”."


def _check_range(value: int | None, low: int, high: int, what: str) -> str | None:
    if value is None or low <= value <= high:
        return None
    return f"{what} must be from {low} to {high}, not {value}."


def _check_levels(plan: ProgramPlan, top: int) -> dict[str, str]:
    """The levels on the ladder and in order, and the gap in its range (each said at once);
    then, once those are right, the levels against the gap."""
    errors: dict[str, str] = {}
    if not 0 <= plan.min_level_gap < top:
        errors["min_level_gap"] = f"The gap must be from 0 to {top - 1} levels."
    names = ("mentor_min_level", "mentor_max_level", "mentee_min_level", "mentee_max_level")
    off_ladder = {
        name: f"Level {getattr(plan, name)} is outside your organisation's ladder (1 to {top})."
        for name in names
        if not 1 <= getattr(plan, name) <= top
    }
    errors |= off_ladder
    for side in () if off_ladder else ("mentor", "mentee"):
        low, high = getattr(plan, f"{side}_min_level"), getattr(plan, f"{side}_max_level")
        if low > high:
            errors[f"{side}_max_level"] = (
                f"The highest {side} level ({high}) is below the lowest {side} level ({low})."
            )
    if errors:
        return errors
    gap = plan.min_level_gap
    if plan.program_type == ProgramType.REVERSE and plan.mentor_max_level + gap > (
        plan.mentee_min_level
    ):
        errors["mentor_max_level"] = (
            f"In reverse mentoring mentors sit at least {count_of(gap, 'level')} below mentees: "
            "with "
            f"mentees from level {plan.mentee_min_level}, the highest mentor level can be "
            f"{plan.mentee_min_level - gap} at most, not {plan.mentor_max_level}."
        )
    if plan.program_type == ProgramType.TRADITIONAL and plan.mentee_max_level + gap > (
        plan.mentor_min_level
    ):
        errors["mentee_max_level"] = (
            "In traditional mentoring mentees sit at least "
            f"{count_of(gap, 'level')} below mentors: with "
            f"mentors from level {plan.mentor_min_level}, the highest mentee level can be "
            f"{plan.mentor_min_level - gap} at most, not {plan.mentee_max_level}."
        )
    return errors


def _weight_errors(weights: Mapping[str, float]) -> dict[str, str]:
    """Each bad weight on its own field (``weight_<criterion>``), a problem of the whole
    set on ``weights``."""
    return {
        f"weight_{key}" if key else "weights": message
        for key, message in criteria.weights_problems(weights).items()
    }


def plan_errors(*, plan: ProgramPlan, organization: Organization) -> dict[str, str]:
    """Every problem with ``plan``, as field name -> what is wrong; empty when it is fine."""
    errors: dict[str, str] = {}
    name = plan.name.strip()
    if not name:
        errors["name"] = "Give the program a name."
    elif len(name) > 200:
        errors["name"] = "Keep the name under 200 characters."
    errors |= {key: message for key, message in _field_checks(plan).items() if message}
    errors |= _weight_errors(plan.weights)
    errors |= _sponsor_errors(plan)
    if "pairs_per_cohort" not in errors and "max_pairs" not in errors:
        cohort = _cohort_error(plan)
        if cohort:
            errors["pairs_per_cohort"] = cohort
    if "program_type" not in errors:
        errors |= _check_levels(plan, organization.max_level)
    if plan.start_date and plan.end_date and plan.end_date <= plan.start_date:
        errors["end_date"] = "The end date must come after the start date."
    for department in plan.departments:
        if department.organization_id != organization.pk:
            errors["departments"] = f"{department.name} is not a department of your organisation."
    return errors


def _field_checks(plan: ProgramPlan) -> dict[str, str | None]:
    """Each field on its own: a listed choice, a number in its range."""
    return {
        "program_type": _check_choice(plan.program_type, ProgramType.values, "program types"),
        "objective_type": _check_choice(
            plan.objective_type, ObjectiveType.values, "objective types"
        ),
        "enrollment_mode": _check_choice(
            plan.enrollment_mode, EnrollmentMode.values, "enrolment modes"
        ),
        "matching_mode": _check_choice(plan.matching_mode, MatchingMode.values, "matching modes"),
        "same_department": _check_choice(
            plan.same_department, SameDepartment.values, "department rules"
        ),
        "max_pairs": _check_range(plan.max_pairs, 1, 100000, "Pairs at once"),
        "pairs_per_cohort": _check_range(
            plan.pairs_per_cohort, 1, 100000, "Pairs per matching round"
        ),
        "meeting_cadence_days": _check_range(
            plan.meeting_cadence_days, 1, 365, "Days between meetings"
        ),
        "meeting_length_minutes": _check_range(
            plan.meeting_length_minutes, 10, 480, "Meeting length in minutes"
        ),
        "reporting_line_depth": _check_range(
            plan.reporting_line_depth,
            1,
            MAX_REPORTING_LINE_DEPTH,
            "How close in the reporting line people may not pair",
        ),
        "max_timezone_diff_hours": _check_range(
            plan.max_timezone_diff_hours, 0, MAX_TIMEZONE_DIFF_HOURS, "The time-zone window"
        ),
        "mentor_capacity": _check_range(plan.mentor_capacity, 1, 10, "Mentees per mentor"),
        "request_expiry_days": _check_range(
            plan.request_expiry_days, 1, 60, "Days to answer a request"
        ),
    }


def _sponsor_errors(plan: ProgramPlan) -> dict[str, str]:
    """The sponsor's name and title (each at most 200 characters, a title needs a name) and
    the lessons (at most ``LESSONS_MAX`` characters)."""
    errors: dict[str, str] = {}
    for key, what in (("sponsor_name", "The sponsor's name"), ("sponsor_title", "Their title")):
        if len(getattr(plan, key).strip()) > 200:
            errors[key] = f"{what} must be under 200 characters."
    if plan.sponsor_title.strip() and not plan.sponsor_name.strip():
        errors["sponsor_name"] = "Give the sponsor's name too, or leave the title empty."
    if len(plan.lessons.strip()) > LESSONS_MAX:
        errors["lessons"] = (
            f"Keep “what to change next time” under {LESSONS_MAX} characters "
            f"(it has {len(plan.lessons.strip())})."
        )
    return errors


def _cohort_error(plan: ProgramPlan) -> str | None:
    """A matching round larger than the pairs allowed at once, in words."""
    if (
        plan.max_pairs is not None
        and plan.pairs_per_cohort is not None
        and plan.pairs_per_cohort > plan.max_pairs
    ):
        return (
            f"A matching round of {plan.pairs_per_cohort} pairs does not fit in "
            f"{count_of(plan.max_pairs, 'pair')} at once."
        )
    return None


def kpi_errors(kpis: Sequence[KpiTarget]) -> dict[str, str]:
    """Problems with a KPI selection, keyed ``kpi_<kind>`` (or ``kpis`` for the list)."""
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for item in kpis:
        if item.kind not in KPI_RANGES:
            errors["kpis"] = f"“{item.kind}” is not in the KPI catalogue."
            continue
        label = KpiKind(item.kind).label
        if item.kind in seen:
            errors["kpis"] = f"“{label}” is chosen twice; keep one target."
        seen.add(item.kind)
        low, high = KPI_RANGES[item.kind]
        if not low <= item.target <= high:
            errors[f"kpi_{item.kind}"] = (
                f"The target for “{label}” must be from {low:g} to {high:g}, not {item.target:g}."
            )
    return errors
