"""The new-program stepper: six short steps, each with its own fields.

Every step posts only its own fields; the others come from the plan saved so far, so the
same section forms and the same service rules check each step (errors land on the step's
fields) and nothing typed in an earlier step is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import QueryDict

from remento.programs.forms import plan_initial
from remento.programs.models import KpiKind
from remento.programs.plan import WEIGHT_LABELS, KpiTarget, ProgramPlan


@dataclass(frozen=True)
class SetupStep:
    """One page of the stepper: the fields it asks for, and those folded away."""

    slug: str
    title: str
    intro: str
    fields: tuple[str, ...]
    advanced: tuple[str, ...] = ()

    @property
    def all_fields(self) -> tuple[str, ...]:
        return self.fields + self.advanced


KPI_FIELDS = tuple(name for kind in KpiKind.values for name in (f"kpi_{kind}", f"target_{kind}"))

STEPS: tuple[SetupStep, ...] = (
    SetupStep(
        "objective",
        "Objective",
        "What the program is for. Only the name is needed now: the program is saved as a "
        "draft when you continue, and you can come back to any step.",
        (
            "name",
            "program_type",
            "objective_type",
            "goal",
            "method",
            "success_criteria",
            "sponsor_name",
            "sponsor_title",
        ),
    ),
    SetupStep(
        "kpis",
        "Measures of success",
        "Tick the KPIs the program commits to and give each a target. At least one is "
        "needed before recruitment opens.",
        KPI_FIELDS,
    ),
    SetupStep(
        "design",
        "Design",
        "Who mentors whom, and the rhythm of the pairs. Reverse mentoring: juniors teach, "
        "seniors learn; the levels are filled in for that.",
        (
            "departments",
            "mentor_min_level",
            "mentor_max_level",
            "mentee_min_level",
            "mentee_max_level",
            "min_level_gap",
            "start_date",
            "end_date",
            "meeting_cadence_days",
            "meeting_length_minutes",
            "incentives",
        ),
    ),
    SetupStep(
        "participants",
        "Finding participants",
        "How people join, how they are paired and how many pairs run at once.",
        ("enrollment_mode", "matching_mode", "max_pairs", "pairs_per_cohort"),
    ),
    SetupStep(
        "matching",
        "Matching rules",
        "The rules no pair may break. The weights of each criterion are set for reverse "
        "mentoring; change them under “Advanced matching settings” only if you need to.",
        ("same_department", "max_timezone_diff_hours", "mentor_capacity"),
        (
            "reporting_line_depth",
            "request_expiry_days",
            *(f"weight_{key}" for key in WEIGHT_LABELS),
        ),
    ),
    SetupStep(
        "launch",
        "Launch",
        "The mentoring agreement each pair signs before it starts. The suggested text "
        "follows the meeting rhythm you chose; edit it as you like.",
        ("agreement_text",),
    ),
)


def step_for(slug: str) -> SetupStep | None:
    """The step named ``slug``, or None."""
    return next((step for step in STEPS if step.slug == slug), None)


def step_after(step: SetupStep) -> SetupStep | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def step_before(step: SetupStep) -> SetupStep | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def plan_as_data(plan: ProgramPlan, kpis: list[KpiTarget]) -> QueryDict:
    """``plan`` and ``kpis`` as the section forms would post them."""
    data = QueryDict(mutable=True)
    for name, value in plan_initial(plan).items():
        if name == "departments":
            data.setlist(name, [str(pk) for pk in value])
        else:
            data[name] = _as_text(value)
    for item in kpis:
        data[f"kpi_{item.kind}"] = "on"
        data[f"target_{item.kind}"] = _as_text(item.target)
    return data


def step_data(
    *, plan: ProgramPlan, kpis: list[KpiTarget], step: SetupStep, posted: Mapping[str, Any]
) -> QueryDict:
    """What the section forms validate for ``step``: the saved plan, with the step's own
    fields as posted (a box left unticked is absent from a post, so it is cleared)."""
    data = plan_as_data(plan, kpis)
    getlist = getattr(posted, "getlist", None)
    for name in step.all_fields:
        values = getlist(name) if getlist else ([posted[name]] if name in posted else [])
        data.setlist(name, values)
    return data
