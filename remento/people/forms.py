"""Forms of the people pages: the directory's filters, roles and the organisation's
domains; a person's own profile is in :mod:`remento.people.profile_forms` (re-exported).

Forms parse and check input; the services decide and write.
"""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.people.models import Role
from remento.people.profile_forms import (
    EXTRA_SKILL_ROWS,
    EXTRAVERSION_CHOICES,
    PRIORITY_CHOICES,
    PROFICIENCY_CHOICES,
    BaseSkillRowFormSet,
    NoEchoTextInput,
    ProfileEditForms,
    ProfileForm,
    SensitiveForm,
    SkillRowForm,
    skill_formset,
)
from remento.people.selectors import (
    DirectoryChoices,
    DirectoryFilters,
    skill_choices_grouped,
)

__all__ = [
    "EXTRAVERSION_CHOICES",
    "EXTRA_SKILL_ROWS",
    "PRIORITY_CHOICES",
    "PROFICIENCY_CHOICES",
    "BaseSkillRowFormSet",
    "DirectoryFilterForm",
    "NoEchoTextInput",
    "OrganizationDomainsForm",
    "ProfileEditForms",
    "ProfileForm",
    "RoleForm",
    "RoleSearchForm",
    "SensitiveForm",
    "SkillRowForm",
    "skill_formset",
]


class DirectoryFilterForm(CleanInputMixin, forms.Form):
    """The directory's search box and filters (sent with GET, so links keep them)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, email, job title or id"}
        ),
    )
    department = forms.TypedChoiceField(
        label="Department", required=False, coerce=int, empty_value=None
    )
    level = forms.TypedChoiceField(label="Level", required=False, coerce=int, empty_value=None)
    skill = forms.TypedChoiceField(
        label="Skill (teaches or wants to learn)", required=False, coerce=int, empty_value=None
    )
    include_inactive = forms.BooleanField(label="Include people who have left", required=False)

    def __init__(self, data: Any = None, *, choices: DirectoryChoices) -> None:
        super().__init__(data)
        self.fields["department"].choices = [("", "All departments")] + [  # type: ignore[attr-defined]
            (department.pk, department.name) for department in choices.departments
        ]
        self.fields["level"].choices = [("", "All levels"), *choices.levels]  # type: ignore[attr-defined]
        self.fields["skill"].choices = [  # type: ignore[attr-defined]
            ("", "Any skill"),
            *skill_choices_grouped(choices.skills),
        ]

    def filters(self) -> DirectoryFilters:
        """The filters to apply: every field that parsed; a bad one is shown and ignored."""
        if not self.is_bound:
            return DirectoryFilters()
        self.is_valid()
        data = self.cleaned_data
        return DirectoryFilters(
            text=data.get("q") or "",
            department_id=data.get("department"),
            level=data.get("level"),
            skill_id=data.get("skill"),
            include_inactive=bool(data.get("include_inactive")),
        )


class RoleSearchForm(CleanInputMixin, forms.Form):
    """The roles page's search box: find someone to give a role to."""

    q = forms.CharField(
        label="Find a person",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, email, job title or id"}
        ),
    )


class RoleForm(CleanInputMixin, forms.Form):
    """The role one person is given on the roles page."""

    role = forms.ChoiceField(label="Role", choices=Role.choices)


class OrganizationNameForm(CleanInputMixin, forms.Form):
    """The organisation's name, as an admin types it (the service checks it)."""

    name = forms.CharField(label="Organisation name", max_length=200)


class OrganizationDomainsForm(CleanInputMixin, forms.Form):
    """The organisation's email domains, as an admin types them (the service checks them)."""

    email_domains = forms.CharField(
        label="Email domains",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The domains of your people's work emails, separated by commas or line "
        "breaks, e.g. “acme.com, acme.co.uk”. The import accepts only these addresses.",
    )
