"""Forms of the enrolment pages. They parse; the services decide (and their errors are put
back on the fields they name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from remento.core.hygiene import CleanInputMixin
from remento.core.models import Organization
from remento.core.widgets import TIMEZONE_HELP, TimeZoneInput
from remento.core.words import count_of
from remento.enrollment.invitations import InviteFilter, addresses_from_text
from remento.enrollment.models import (
    SCALE_LABELS,
    EnrollmentRole,
    EnrollmentStatus,
    Question,
    QuestionAudience,
    QuestionFeeds,
    QuestionKind,
    scale_label,
)
from remento.enrollment.services import QuestionData
from remento.enrollment.services.answers import skill_options
from remento.people.locations import active_locations
from remento.people.models import (
    HOURS_PER_MONTH_MAX,
    HOURS_PER_MONTH_MIN,
    Department,
    Employee,
    Skill,
)


class QuestionForm(CleanInputMixin, forms.Form):
    text = forms.CharField(label="Question", max_length=300)
    help_text = forms.CharField(label="Help shown under the question", required=False)
    kind = forms.ChoiceField(label="Kind of answer", choices=QuestionKind.choices)
    choices = forms.CharField(
        label="Choices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For single and multiple choice: one choice per line. For hours per month: "
        "whole numbers such as 2, 4, 8.",
    )
    skills = forms.ModelMultipleChoiceField(
        label="Skills offered",
        queryset=Skill.objects.none(),
        required=False,
        help_text="For a skill picker: the skills to choose from. None chosen = every skill.",
    )
    feeds = forms.ChoiceField(
        label="The answer updates the person's",
        choices=QuestionFeeds.choices,
        required=False,
        help_text="Matching reads these from the profile.",
    )
    audience = forms.ChoiceField(label="Asked of", choices=QuestionAudience.choices, required=False)
    required = forms.BooleanField(label="An answer is required", required=False, initial=True)
    position = forms.IntegerField(
        label="Position", required=False, help_text="Questions are asked in this order."
    )

    def __init__(self, data: Any = None, *, organization_id: int, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        skills = self.fields["skills"]
        assert isinstance(skills, forms.ModelMultipleChoiceField)
        skills.queryset = Skill.objects.filter(organization_id=organization_id)

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "choices": "\n".join(question.choices),
            "skills": list(question.skills.all()),
            "feeds": question.feeds,
            "audience": question.audience,
            "required": question.required,
            "position": question.position,
        }

    def question_data(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            text=data["text"],
            kind=data["kind"],
            required=bool(data.get("required")),
            help_text=data.get("help_text") or "",
            audience=data.get("audience") or "",
            choices=(data.get("choices") or "").splitlines(),
            skills=list(data.get("skills") or []),
            feeds=data.get("feeds") or "",
            position=data.get("position"),
        )


def _question_field(question: Question, organization_skills: Sequence[Skill]) -> forms.Field:
    """The form field that asks ``question``; required-ness is checked by the service so
    the message names the question."""
    common: dict[str, Any] = {
        "label": question.text + ("" if question.required else " (optional)"),
        "help_text": question.help_text,
        "required": False,
    }
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if question.kind == QuestionKind.SCALE:
        scale = [(str(n), scale_label(n)) for n in SCALE_LABELS]
        return forms.ChoiceField(widget=forms.RadioSelect, choices=scale, **common)
    if question.kind == QuestionKind.SINGLE:
        options = [(c, c) for c in question.choices]
        return forms.ChoiceField(widget=forms.RadioSelect, choices=options, **common)
    if question.kind == QuestionKind.MULTIPLE:
        options = [(c, c) for c in question.choices]
        return forms.MultipleChoiceField(
            widget=forms.CheckboxSelectMultiple, choices=options, **common
        )
    skills = skill_options(question=question, organization_skills=organization_skills)
    return forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        choices=[(str(s.pk), s.name) for s in skills],
        **common,
    )


class ConfirmForm(CleanInputMixin, forms.Form):
    """Hours, time zone, consent and the questionnaire: what sign-up and accepting an
    invitation both ask."""

    hours_per_month = forms.IntegerField(
        label="Hours per month you can give",
        required=False,
        widget=forms.NumberInput(attrs={"min": HOURS_PER_MONTH_MIN, "max": HOURS_PER_MONTH_MAX}),
        help_text=f"From {HOURS_PER_MONTH_MIN} to {HOURS_PER_MONTH_MAX}. Matching respects it.",
    )
    timezone = forms.CharField(
        label="Your time zone",
        help_text=TIMEZONE_HELP,
        widget=TimeZoneInput(),
    )
    consent_sensitive = forms.BooleanField(
        label="Use the sensitive attributes I chose to share (and consented to) in matching",
        required=False,
        help_text="Only attributes you declared on your profile with consent; they are never "
        "shown to anyone, only used to widen the diversity of pairs.",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        employee: Employee,
        questions: Sequence[Question],
        organization_skills: Sequence[Skill],
        consented_count: int = 0,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {"hours_per_month": max(employee.hours_per_month, 1), "timezone": employee.timezone},
        )
        super().__init__(data, **kwargs)
        consent = self.fields["consent_sensitive"]
        consent.help_text = format_html(
            '{} You have shared {} with consent; <a href="{}">change them on your profile</a>.',
            consent.help_text,
            count_of(consented_count, "attribute"),
            reverse("people:profile_edit"),
        )
        self.questions = list(questions)
        if any(q.feeds == QuestionFeeds.HOURS for q in self.questions):
            # The questionnaire asks the hours itself; one question, not two.
            del self.fields["hours_per_month"]
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question, organization_skills)

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"question_{q.pk}"] for q in self.questions]

    def confirm_fields(self) -> list[forms.BoundField]:
        names = ("hours_per_month", "timezone", "consent_sensitive")
        return [self[name] for name in names if name in self.fields]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "hours_per_month": data.get("hours_per_month"),
            "timezone": (data.get("timezone") or "").strip(),
            "consent_sensitive": bool(data.get("consent_sensitive")),
            "answers": {q.pk: data.get(f"question_{q.pk}") for q in self.questions},
        }


class NoteForm(CleanInputMixin, forms.Form):
    note = forms.CharField(
        label="Note to the applicant",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you decline: the applicant reads it.",
    )


class NominateSearchForm(CleanInputMixin, forms.Form):
    q = forms.CharField(
        label="Find people by name, email, job title or employee id",
        required=False,
        max_length=200,
    )


class NominateForm(CleanInputMixin, forms.Form):
    role = forms.ChoiceField(
        label="Invite them as", choices=EnrollmentRole.choices, widget=forms.RadioSelect
    )
    employees = forms.ModelMultipleChoiceField(
        label="People to invite",
        queryset=Employee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person to invite."},
    )
    note = forms.CharField(
        label="Personal note in the invitation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Any = None, *, organization_id: int, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        employees = self.fields["employees"]
        assert isinstance(employees, forms.ModelMultipleChoiceField)
        employees.queryset = Employee.objects.filter(organization_id=organization_id)


class ParticipantFilterForm(CleanInputMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role", choices=[("", "Any role"), *EnrollmentRole.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *EnrollmentStatus.choices], required=False
    )
    q = forms.CharField(
        label="Name, email, job title or employee id", required=False, max_length=200
    )


class WithdrawForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you leaving? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


INVITE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024


class InviteManyForm(CleanInputMixin, forms.Form):
    """Invite by filter (department, levels, location) and by a pasted or uploaded list of
    email addresses. ``clean`` merges the uploaded file into ``addresses``, so the preview
    page carries the whole list in the text box to the confirmation."""

    role = forms.ChoiceField(
        label="Invite them as", choices=EnrollmentRole.choices, widget=forms.RadioSelect
    )
    departments = forms.ModelMultipleChoiceField(
        label="Departments",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked = every department.",
    )
    min_level = forms.TypedChoiceField(
        label="From level", coerce=int, required=False, empty_value=None
    )
    max_level = forms.TypedChoiceField(
        label="Up to level", coerce=int, required=False, empty_value=None
    )
    location = forms.ChoiceField(label="Location", required=False)
    addresses = forms.CharField(
        label="Email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Paste addresses, one a line or separated by commas.",
    )
    upload = forms.FileField(
        label="Or upload a list",
        required=False,
        help_text="A .txt or .csv file of addresses (2 MB at most).",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.csv,text/plain,text/csv"}),
    )
    note = forms.CharField(
        label="Personal note in the invitation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = self.fields["departments"]
        assert isinstance(departments, forms.ModelMultipleChoiceField)
        departments.queryset = Department.objects.filter(organization=organization)
        levels = [("", "Any")] + [
            (str(level), organization.level_name(level))
            for level in range(1, organization.max_level + 1)
        ]
        for name in ("min_level", "max_level"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = levels
        locations = active_locations(organization_id=organization.pk)
        location = self.fields["location"]
        assert isinstance(location, forms.ChoiceField)
        location.choices = [("", "Anywhere")] + [(place, place) for place in locations]

    def clean_upload(self) -> str:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        if upload.size > INVITE_UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The file is over 2 MB; split the list or paste it.")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "The file is not plain text in UTF-8: save it as .txt or .csv and try again."
            ) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_level"), data.get("max_level")
        if low is not None and high is not None and low > high:
            self.add_error("max_level", f"The highest level ({high}) is below the lowest ({low}).")
        uploaded = data.get("upload") or ""
        if uploaded:
            data["addresses"] = "\n".join(
                part for part in (data.get("addresses", ""), uploaded) if part
            )
        if not self.errors and self.invite_filter().is_empty and not self.listed():
            raise forms.ValidationError(
                "Choose who to invite: a department, a level range or a location, or give "
                "email addresses."
            )
        return data

    def invite_filter(self) -> InviteFilter:
        data = self.cleaned_data
        return InviteFilter(
            departments=tuple(data.get("departments") or ()),
            min_level=data.get("min_level"),
            max_level=data.get("max_level"),
            location=data.get("location") or "",
        )

    def listed(self) -> list[str]:
        return addresses_from_text(self.cleaned_data.get("addresses") or "")
