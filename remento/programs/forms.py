"""The program form, in sections: objective, design, matching settings, KPIs.

Forms only parse what was typed; the rules a plan must follow live in ``plan.py`` and come
back from the services as field errors, so scripts and pages get the same messages. The KPI
form also runs ``plan.kpi_errors`` itself, so its range errors show in the same round as a
missing target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from remento.core.hygiene import CleanInputMixin
from remento.core.models import Organization
from remento.core.widgets import DateInput
from remento.matching.engine import criteria
from remento.people.models import Department
from remento.programs.models import (
    TIMEZONE_WINDOW_HELP,
    EnrollmentMode,
    KpiKind,
    MatchingMode,
    ObjectiveType,
    ProgramType,
    SameDepartment,
)
from remento.programs.plan import WEIGHT_LABELS, KpiTarget, ProgramPlan, kpi_errors


def _levels(organization: Organization) -> list[tuple[int, str]]:
    return [
        (level, organization.level_name(level)) for level in range(1, organization.max_level + 1)
    ]


def _offer_population_choices(form: forms.Form, organization: Organization) -> None:
    """Fill ``form``'s departments and the four level choices with the organisation's."""
    departments = form.fields["departments"]
    assert isinstance(departments, forms.ModelMultipleChoiceField)
    departments.queryset = Department.objects.filter(organization=organization)
    for name in ("mentor_min_level", "mentor_max_level", "mentee_min_level", "mentee_max_level"):
        field = form.fields[name]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = _levels(organization)


class ObjectiveForm(CleanInputMixin, forms.Form):
    name = forms.CharField(max_length=200)
    program_type = forms.ChoiceField(
        label="Program type",
        choices=ProgramType.choices,
        help_text=(
            "Reverse: juniors teach seniors. A new program's mentor and mentee levels are "
            "filled in for the type chosen here."
        ),
    )
    objective_type = forms.ChoiceField(label="Objective type", choices=ObjectiveType.choices)
    goal = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the program is for, in one or two sentences.",
    )
    method = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="How the pairs will work towards the goal.",
    )
    success_criteria = forms.CharField(
        label="What counts as success",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    sponsor_name = forms.CharField(
        label="Executive sponsor",
        max_length=200,
        required=False,
        help_text=(
            "The senior leader the program answers to. Named on the program's report and on "
            "the certificates of the mentors, which they sign."
        ),
    )
    sponsor_title = forms.CharField(label="Sponsor's title", max_length=200, required=False)


LESSONS_FIELD_HELP = (
    "What you learned running this program and would do differently: it opens “What to "
    "change next time” in the sponsor's report, before the suggestions drawn from the KPIs "
    "that missed their targets."
)


class DesignForm(CleanInputMixin, forms.Form):
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked = every department.",
    )
    mentor_min_level = forms.TypedChoiceField(label="Lowest mentor level", coerce=int)
    mentor_max_level = forms.TypedChoiceField(label="Highest mentor level", coerce=int)
    mentee_min_level = forms.TypedChoiceField(label="Lowest mentee level", coerce=int)
    mentee_max_level = forms.TypedChoiceField(label="Highest mentee level", coerce=int)
    min_level_gap = forms.IntegerField(
        label="Minimum level gap",
        help_text="Reverse: the mentor sits at least this many levels below the mentee.",
    )
    max_pairs = forms.IntegerField(
        label="Pairs at once",
        required=False,
        help_text=(
            "The most pairs running at the same time (launching or active). Enrolment "
            "waitlists mentors or mentees beyond this many, and publishing or accepting a "
            "request is refused once the program has this many pairs. Empty = no limit."
        ),
    )
    pairs_per_cohort = forms.IntegerField(
        label="Pairs per matching round",
        required=False,
        help_text=(
            "The most pairs you start together each time you run the matching and publish "
            "it. The best-scoring pairs (and any you locked) come first; the others wait for "
            "your next round, and the preview shows the same limit. Mentees who choose their "
            "own mentor are limited only by “Pairs at once”. Leave empty for no limit."
        ),
    )
    start_date = forms.DateField(required=False, widget=DateInput)
    end_date = forms.DateField(required=False, widget=DateInput)
    meeting_cadence_days = forms.IntegerField(label="Days between meetings")
    meeting_length_minutes = forms.IntegerField(label="Meeting length (minutes)")
    enrollment_mode = forms.ChoiceField(label="Enrolment mode", choices=EnrollmentMode.choices)
    matching_mode = forms.ChoiceField(label="Matching mode", choices=MatchingMode.choices)
    incentives = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    agreement_text = forms.CharField(
        label="Mentoring agreement",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=(
            "Expectations, confidentiality, cadence, goals and how to end the pair. Left as "
            "the suggested text, its meeting rhythm follows the days between meetings and "
            "the meeting length above; once you edit it, it stays as you wrote it."
        ),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _offer_population_choices(self, organization)

    def clean_end_date(self) -> dt.date | None:
        """A program whose design is still open has its pairs ahead of it: it cannot have
        ended already (a date typed a year off, most often)."""
        end: dt.date | None = self.cleaned_data.get("end_date")
        if end is not None and end < timezone.localdate():
            raise forms.ValidationError(
                f"{end.day} {end:%B %Y} has passed: a program being set up ends today or later."
            )
        return end


class MatchingForm(CleanInputMixin, forms.Form):
    reporting_line_depth = forms.IntegerField(
        label="Never pair people this close in the same reporting line",
        required=False,
        help_text=(
            "1 = nobody is paired with their own manager or direct report; 2 = nor with their "
            "manager's manager or their reports' reports; and so on. Leave empty to never "
            "pair two people where one reports, however indirectly, to the other."
        ),
    )
    same_department = forms.ChoiceField(label="Same department", choices=SameDepartment.choices)
    max_timezone_diff_hours = forms.IntegerField(
        label="Time-zone window (hours)", required=False, help_text=TIMEZONE_WINDOW_HELP
    )
    mentor_capacity = forms.IntegerField(label="Mentees per mentor")
    request_expiry_days = forms.IntegerField(
        label="Days a mentor has to answer a request",
        help_text="Used when mentees choose their mentor.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for criterion in criteria.TABLE:
            self.fields[f"weight_{criterion.key}"] = forms.FloatField(
                label=f"Weight: {criterion.label}",
                initial=criterion.default,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
                help_text=criterion.help_text
                or (
                    f"{criterion.low:g} = ignored, {criterion.high:g} = counts most."
                    if criterion.key == "skills"
                    else ""
                ),
            )

    def weights(self) -> dict[str, float]:
        return {key: self.cleaned_data[f"weight_{key}"] for key in WEIGHT_LABELS}


class KpiForm(CleanInputMixin, forms.Form):
    """One row per KPI of the catalogue: a box to choose it and its target."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for kind, label in KpiKind.choices:
            self.fields[f"kpi_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"target_{kind}"] = forms.DecimalField(
                label=f"Target for {label}",
                required=False,
                max_digits=8,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"step": "0.01", "aria-label": f"Target for {label}"}
                ),
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(kind, self[f"kpi_{kind}"], self[f"target_{kind}"]) for kind in KpiKind.values]

    def clean(self) -> dict[str, Any]:
        # Every problem shows in one round: a missing target, a target typed next to an
        # unticked KPI (never dropped silently), and the plan's range rules for the rest.
        data = super().clean() or {}
        chosen: list[KpiTarget] = []
        for kind, label in KpiKind.choices:
            ticked, target = data.get(f"kpi_{kind}"), data.get(f"target_{kind}")
            if ticked and target is None and f"target_{kind}" not in self.errors:
                self.add_error(f"target_{kind}", f"Give a target for “{label}”, or untick it.")
            elif not ticked and target is not None:
                self.add_error(
                    f"target_{kind}", "Tick this KPI to keep its target, or clear the target."
                )
            elif ticked and target is not None:
                chosen.append(KpiTarget(kind, Decimal(target)))
        for name, message in kpi_errors(chosen).items():
            self.add_error(f"target_{name[4:]}" if name.startswith("kpi_") else None, message)
        return data

    def targets(self) -> list[KpiTarget]:
        return [
            KpiTarget(kind, Decimal(self.cleaned_data[f"target_{kind}"]))
            for kind in KpiKind.values
            if self.cleaned_data.get(f"kpi_{kind}")
        ]

    @staticmethod
    def initial_for(kpis: list[KpiTarget]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for item in kpis:
            initial[f"kpi_{item.kind}"] = True
            initial[f"target_{item.kind}"] = item.target
        return initial


class LimitedForm(CleanInputMixin, forms.Form):
    """What may change once the program is Active: name, dates, incentives, the sponsor and
    what to change next time."""

    name = forms.CharField(max_length=200)
    start_date = forms.DateField(required=False, widget=DateInput)
    end_date = forms.DateField(required=False, widget=DateInput)
    incentives = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    sponsor_name = ObjectiveForm.base_fields["sponsor_name"]
    sponsor_title = ObjectiveForm.base_fields["sponsor_title"]
    lessons = forms.CharField(
        label="What to change next time",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=LESSONS_FIELD_HELP,
    )


def plan_initial(plan: ProgramPlan) -> dict[str, Any]:
    """Initial values for every section's form from a plan."""
    initial: dict[str, Any] = {
        name: getattr(plan, name) for name in plan.__dataclass_fields__ if name != "weights"
    }
    initial["departments"] = [department.pk for department in plan.departments]
    initial |= {f"weight_{key}": value for key, value in plan.weights.items()}
    return initial


def plan_from_forms(
    *, base: ProgramPlan, objective: ObjectiveForm, design: DesignForm, matching: MatchingForm
) -> ProgramPlan:
    """The plan the three valid section forms describe."""
    values = objective.cleaned_data | design.cleaned_data | matching.cleaned_data
    values = {key: value for key, value in values.items() if not key.startswith("weight_")}
    values["departments"] = tuple(values["departments"])
    values["weights"] = matching.weights()
    return replace(base, **values)


def route_errors(errors: dict[str, str], forms_: list[forms.Form]) -> None:
    """Put each service error next to its field; errors about no field go on top."""
    for name, message in errors.items():
        field = f"target_{name[4:]}" if name.startswith("kpi_") else name
        if name in ("weights", "kpis"):
            # A problem with the whole group: on top of the section that holds it.
            probe = "weight_skills" if name == "weights" else f"target_{KpiKind.values[0]}"
            holder = next((form for form in forms_ if probe in form.fields), None)
            if holder is not None:
                holder.add_error(None, message)
                continue
        holder = next((form for form in forms_ if field in form.fields), None)
        if holder is not None:
            holder.add_error(field, message)
        else:
            forms_[-1].add_error(None, message)


class SkillGapFilterForm(CleanInputMixin, forms.Form):
    """Who to look at in the skill-gap view: learners' and teachers' levels, departments."""

    mentee_min_level = forms.TypedChoiceField(label="Learners from level", coerce=int)
    mentee_max_level = forms.TypedChoiceField(label="Learners up to level", coerce=int)
    mentor_min_level = forms.TypedChoiceField(label="Teachers from level", coerce=int)
    mentor_max_level = forms.TypedChoiceField(label="Teachers up to level", coerce=int)
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked = every department.",
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any):
        self.organization = organization
        kwargs.setdefault("initial", self.defaults())
        super().__init__(*args, **kwargs)
        _offer_population_choices(self, organization)

    def defaults(self) -> dict[str, Any]:
        """The reverse-mentoring population: juniors teach, seniors learn."""
        plan = ProgramPlan.for_type(
            ProgramType.REVERSE, max_level=self.organization.max_level, name=""
        )
        return {
            "mentee_min_level": plan.mentee_min_level,
            "mentee_max_level": plan.mentee_max_level,
            "mentor_min_level": plan.mentor_min_level,
            "mentor_max_level": plan.mentor_max_level,
            "departments": [],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for side, word in (("mentee", "learners"), ("mentor", "teachers")):
            low, high = data.get(f"{side}_min_level"), data.get(f"{side}_max_level")
            if low is not None and high is not None and low > high:
                self.add_error(
                    f"{side}_max_level",
                    f"The highest level of {word} ({high}) is below the lowest ({low}).",
                )
        return data
