"""Forms of the training pages: they parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.forms import InputForm
from remento.core.hygiene import CleanInputMixin
from remento.programs.models import Program
from remento.training.models import (
    MINUTES_MAX,
    MINUTES_MIN,
    ModuleTiming,
    Resource,
    ResourceCategory,
    TrainingModule,
)
from remento.training.services.modules import ModuleInput
from remento.training.services.resources import ResourceInput


class ModuleForm(InputForm[ModuleInput]):
    input_class = ModuleInput
    title = forms.CharField(max_length=200)
    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="What the participant reads; leave a blank line between paragraphs.",
    )
    required = forms.BooleanField(
        label="Required",
        required=False,
        initial=True,
        help_text="A required module before launch holds a pair back until both complete it.",
    )
    timing = forms.ChoiceField(label="When", choices=ModuleTiming.choices)
    estimated_minutes = forms.IntegerField(
        label="Estimated minutes", min_value=MINUTES_MIN, max_value=MINUTES_MAX, initial=20
    )

    @classmethod
    def for_module(cls, module: TrainingModule) -> ModuleForm:
        return cls(initial=cls.initial_of(module))


class ResourceForm(InputForm[ResourceInput]):
    input_class = ResourceInput
    title = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300, help_text="One sentence shown in the library.")
    category = forms.ChoiceField(choices=ResourceCategory.choices)
    body = forms.CharField(
        label="Article",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Write the article here, or give a link below (or both).",
    )
    url = forms.URLField(label="Link", required=False, max_length=500, assume_scheme="https")
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        empty_label="Everyone in the organisation",
        label="Shown to",
        help_text="Choose a program to show it only to that program's participants.",
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Program.objects.filter(organization_id=organization_id).order_by("name")

    @classmethod
    def for_resource(cls, resource: Resource) -> ResourceForm:
        return cls(organization_id=resource.organization_id, initial=cls.initial_of(resource))


class ComplianceFilterForm(CleanInputMixin, forms.Form):
    """The compliance list: the people not yet done or everyone, one required module, words
    of a name."""

    show = forms.ChoiceField(
        label="Show",
        choices=[("", "People not yet done"), ("everyone", "Everyone")],
        required=False,
    )
    module = forms.TypedChoiceField(
        label="Missing the module", coerce=int, empty_value=None, required=False
    )
    q = forms.CharField(
        label="Name, email, job title or employee id", required=False, max_length=200
    )

    def __init__(self, *args: Any, modules: list[TrainingModule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [  # type: ignore[attr-defined]
            ("", "Any required module"),
            *((module.pk, module.title) for module in modules),
        ]
