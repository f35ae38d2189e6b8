"""Forms of a person's own profile page: the profile, the skills they teach and want to
learn (formsets of rows), and the sensitive attributes they may share for matching.

Forms parse and check input; the services decide and write.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.formsets import BaseFormSet, formset_factory

from remento.core.hygiene import CleanInputMixin
from remento.core.timezones import zone_problem
from remento.core.widgets import TIMEZONE_HELP, QuickSelect, TimeZoneInput
from remento.people.models import BIO_MAX, Employee, Interest, SensitiveKind, Skill
from remento.people.selectors import (
    SensitiveSummary,
    skill_choices_grouped,
)
from remento.people.services.profile import (
    HOURS_MAX,
    HOURS_MIN,
    SENSITIVE_VALUE_MAX,
    SensitiveAnswer,
    SkillLevel,
)

PROFICIENCY_CHOICES = [
    (1, "1 · basic"),
    (2, "2 · working knowledge"),
    (3, "3 · confident"),
    (4, "4 · advanced"),
    (5, "5 · expert"),
]
PRIORITY_CHOICES = [
    (1, "1 · nice to have"),
    (2, "2 · some interest"),
    (3, "3 · useful"),
    (4, "4 · important"),
    (5, "5 · top priority"),
]
EXTRAVERSION_CHOICES = [
    (1, "1 · strongly introverted"),
    (2, "2 · rather introverted"),
    (3, "3 · in between"),
    (4, "4 · rather extroverted"),
    (5, "5 · strongly extroverted"),
]
EXTRA_SKILL_ROWS = 3


class SkillRowForm(CleanInputMixin, forms.Form):
    """One row of the teach or learn list: a skill and a level."""

    skill = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=QuickSelect)
    level = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=QuickSelect)

    def __init__(
        self,
        *args: Any,
        skill_choices: list[Any],
        level_choices: list[tuple[int, str]],
        level_label: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "— choose a skill —"), *skill_choices]  # type: ignore[attr-defined]
        self.fields["skill"].label = "Skill"
        self.fields["level"].choices = [("", "— level —"), *level_choices]  # type: ignore[attr-defined]
        self.fields["level"].label = level_label
        self.level_label = level_label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("skill") is not None and data.get("level") is None:
            self.add_error("level", f"Choose a {self.level_label.lower()} for this skill.")
        return data


class BaseSkillRowFormSet(BaseFormSet[SkillRowForm]):
    """Rows of skills; a row without a skill, or marked for removal, is left out."""

    skills: dict[int, Skill]

    def kept_forms(self) -> list[SkillRowForm]:
        return [
            form
            for form in self.forms
            if form.cleaned_data.get("skill") is not None and not form.cleaned_data.get("DELETE")
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.kept_forms():
            skill_id = form.cleaned_data["skill"]
            if skill_id in seen:
                form.add_error("skill", f"{self.skills[skill_id].name} is already in your list.")
            seen.add(skill_id)

    def rows(self) -> list[SkillLevel]:
        """The rows kept, as the service takes them (call after ``is_valid``)."""
        return [
            SkillLevel(
                skill=self.skills[form.cleaned_data["skill"]], level=form.cleaned_data["level"]
            )
            for form in self.kept_forms()
        ]


SkillRowFormSet = cast(
    type[BaseSkillRowFormSet],
    formset_factory(
        SkillRowForm,
        formset=BaseSkillRowFormSet,
        extra=EXTRA_SKILL_ROWS,
        can_delete=True,
        can_delete_extra=False,
    ),
)


def skill_formset(
    *,
    data: Any,
    what: str,
    skills: list[Skill],
    initial: list[dict[str, int]],
) -> BaseSkillRowFormSet:
    """The formset for the "teach" or "learn" list, offering the organisation's skills."""
    teach = what == "teach"
    formset = SkillRowFormSet(
        data,
        prefix=what,
        initial=initial,
        form_kwargs={
            "skill_choices": skill_choices_grouped(skills),
            "level_choices": PROFICIENCY_CHOICES if teach else PRIORITY_CHOICES,
            "level_label": "Proficiency" if teach else "Priority",
        },
    )
    formset.skills = {skill.pk: skill for skill in skills}
    return formset


class ProfileForm(CleanInputMixin, forms.Form):
    """Interests, personality, time and time zone."""

    interests = forms.ModelMultipleChoiceField(
        label="What do you enjoy?",
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Shared interests help a pair get started.",
    )
    extraversion = forms.TypedChoiceField(
        label="Introvert or extrovert?",
        choices=EXTRAVERSION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Matching pairs quieter people with more outgoing ones, where it can.",
    )
    hours_per_month = forms.IntegerField(
        label="Hours per month for mentoring",
        min_value=HOURS_MIN,
        max_value=HOURS_MAX,
        help_text=f"What you can really commit, from {HOURS_MIN} to {HOURS_MAX}.",
        error_messages={
            "required": f"Say how many hours a month you can give ({HOURS_MIN} at least).",
            "invalid": "Give a whole number of hours.",
            "min_value": f"Give from {HOURS_MIN} to {HOURS_MAX} hours a month.",
            "max_value": f"Give from {HOURS_MIN} to {HOURS_MAX} hours a month.",
        },
    )
    bio = forms.CharField(
        label="A short bio",
        required=False,
        max_length=BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "A few lines a partner reads when choosing you: what you do, what you enjoy. "
            f"Up to {BIO_MAX} characters."
        ),
    )
    timezone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text=TIMEZONE_HELP,
        widget=TimeZoneInput(),
        error_messages={"required": "Give your time zone, such as Europe/Paris."},
    )

    def __init__(self, data: Any = None, *, employee: Employee) -> None:
        super().__init__(
            data,
            initial={
                "interests": [interest.pk for interest in employee.interests.all()],
                "extraversion": employee.extraversion,
                "hours_per_month": employee.hours_per_month,
                "timezone": employee.timezone,
                "bio": employee.bio,
            },
        )
        self.fields["interests"].queryset = Interest.objects.filter(  # type: ignore[attr-defined]
            organization_id=employee.organization_id
        ).order_by("name")

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        if problem := zone_problem(name):
            raise forms.ValidationError(problem)
        return name


class NoEchoTextInput(forms.TextInput):
    """A text box that never writes a value into the page, not even the one just typed
    when the form comes back with an error elsewhere: sensitive answers are not shown."""

    def format_value(self, value: Any) -> str | None:
        return None


class SensitiveForm(CleanInputMixin, forms.Form):
    """The person's optional, self-declared sensitive attributes and their consent.

    The boxes always start empty: a value already given is never sent back to the page.
    """

    def __init__(self, data: Any = None, *, summary: SensitiveSummary) -> None:
        super().__init__(data)
        self.summary = summary
        for kind in SensitiveKind:
            declared = kind.value in summary.declared
            self.fields[f"{kind.value}_value"] = forms.CharField(
                label=kind.label,
                required=False,
                max_length=SENSITIVE_VALUE_MAX,
                widget=NoEchoTextInput(attrs={"autocomplete": "off"}),
                help_text=(
                    "You have answered; leave empty to keep your answer, or type a new one."
                    if declared
                    else "Optional. In your own words. It is never shown back on a page."
                ),
            )
            self.fields[f"{kind.value}_consent"] = forms.BooleanField(
                label="Use it in matching",
                required=False,
                initial=summary.declared.get(kind.value, False),
            )
            if declared:
                self.fields[f"{kind.value}_remove"] = forms.BooleanField(
                    label="Delete my answer", required=False
                )

    def rows(self) -> list[dict[str, Any]]:
        """One row per kind for the template: its fields and whether it was answered."""
        return [
            {
                "kind": kind,
                "declared": kind.value in self.summary.declared,
                "value": self[f"{kind.value}_value"],
                "consent": self[f"{kind.value}_consent"],
                "remove": self[f"{kind.value}_remove"]
                if f"{kind.value}_remove" in self.fields
                else None,
            }
            for kind in SensitiveKind
        ]

    def answers(self) -> list[SensitiveAnswer]:
        """Every kind's answer as the service takes it (call after ``is_valid``)."""
        data = self.cleaned_data
        return [
            SensitiveAnswer(
                kind=kind.value,
                value=data.get(f"{kind.value}_value") or "",
                consent=bool(data.get(f"{kind.value}_consent")),
                remove=bool(data.get(f"{kind.value}_remove")),
            )
            for kind in SensitiveKind
        ]


class ProfileEditForms:
    """Everything the profile page edits, validated together so nothing is half-saved."""

    def __init__(
        self,
        data: Any,
        *,
        employee: Employee,
        skills: list[Skill],
        summary: SensitiveSummary,
    ) -> None:
        self.profile = ProfileForm(data, employee=employee)
        self.teach = skill_formset(
            data=data,
            what="teach",
            skills=skills,
            initial=[
                {"skill": offer.skill_id, "level": offer.proficiency}
                for offer in employee.skill_offers.all()
            ],
        )
        self.learn = skill_formset(
            data=data,
            what="learn",
            skills=skills,
            initial=[
                {"skill": want.skill_id, "level": want.priority}
                for want in employee.skill_wants.all()
            ],
        )
        self.sensitive = SensitiveForm(data, summary=summary)

    def is_valid(self) -> bool:
        # Every part is checked (no short-circuit) so all errors show at once.
        results = [
            self.profile.is_valid(),
            self.teach.is_valid(),
            self.learn.is_valid(),
            self.sensitive.is_valid(),
        ]
        return all(results)

    def service_kwargs(self) -> dict[str, Any]:
        """The arguments of ``profile_update`` (call after ``is_valid``)."""
        data = self.profile.cleaned_data
        return {
            "teach": self.teach.rows(),
            "learn": self.learn.rows(),
            "interests": list(data["interests"]),
            "extraversion": data["extraversion"],
            "hours_per_month": data["hours_per_month"],
            "timezone": data["timezone"],
            "bio": data["bio"],
            "sensitive": self.sensitive.answers(),
        }

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Show the service's refusals next to the fields they concern."""
        for name, message in errors.items():
            if name in self.profile.fields:
                self.profile.add_error(name, message)
            elif name in ("teach", "learn"):
                formset = self.teach if name == "teach" else self.learn
                formset.non_form_errors().append(message)
            elif name.startswith("sensitive_") and f"{name[10:]}_value" in self.sensitive.fields:
                self.sensitive.add_error(f"{name[10:]}_value", message)
            else:
                self.profile.add_error(None, message)

    @property
    def error_count(self) -> int:
        forms_with_errors = [self.profile, self.sensitive, *self.teach.forms, *self.learn.forms]
        count = sum(len(form.errors) for form in forms_with_errors)
        return count + len(self.teach.non_form_errors()) + len(self.learn.non_form_errors())
