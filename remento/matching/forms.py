"""Forms of the matching pages: they parse input; the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.matching.engine import criteria
from remento.matching.selectors.review import SHOW_CHOICES, SORTS, WARNINGS, ReviewFilters
from remento.matching.services.requests import MESSAGE_MAX
from remento.people.models import Department


class WeightsForm(CleanInputMixin, forms.Form):
    """One weight per criterion of ``engine.criteria``; the service checks the set as a whole.

    Its ids carry ``weight_`` (``id_weight_department``): the bulk page also holds the
    review's filters, whose ``department`` would otherwise share ``id_department``. Only the
    ids change; the posted names stay the criteria's keys."""

    def __init__(self, *args: Any, weights: dict[str, float], **kwargs: Any):
        kwargs.setdefault("auto_id", "id_weight_%s")
        super().__init__(*args, **kwargs)
        current = {**criteria.default_weights(), **weights}
        for criterion in criteria.TABLE:
            self.fields[criterion.key] = forms.FloatField(
                label=criterion.label,
                help_text=criterion.help_text,
                min_value=criterion.low,
                max_value=criterion.high,
                initial=current[criterion.key],
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )

    def weights(self) -> dict[str, float]:
        return {key: float(self.cleaned_data[key]) for key in criteria.KEYS}


class SwapForm(CleanInputMixin, forms.Form):
    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(label="Swap mentors with")


class PublishForm(CleanInputMixin, forms.Form):
    """Empty ``proposal`` publishes every pair; ticked ones publish only those (hybrid)."""

    proposal = forms.TypedMultipleChoiceField(coerce=int, required=False)
    scope = forms.ChoiceField(choices=[("all", "all"), ("selected", "selected")])

    def __init__(self, *args: Any, proposal_ids: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["proposal"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, pk) for pk in proposal_ids]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "selected" and not data.get("proposal"):
            raise forms.ValidationError("Tick at least one pair to publish only the ticked ones.")
        return data

    def proposal_ids(self) -> list[int] | None:
        return (
            list(self.cleaned_data["proposal"])
            if self.cleaned_data["scope"] == "selected"
            else None
        )


class RequestForm(CleanInputMixin, forms.Form):
    message = forms.CharField(
        label="A message for the mentor (optional)",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what you hope to learn, and when you are usually free.",
    )


class AnswerForm(CleanInputMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    message = forms.CharField(
        label="A message for the mentee (optional)",
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NudgeForm(CleanInputMixin, forms.Form):
    """Whom to remind from the coordinator's requests page, and of what."""

    employee = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(
        choices=[("choose", "Choose a mentor"), ("answer", "Answer a request")],
        error_messages={"invalid_choice": "Choose whom to remind: a mentee or a mentor."},
    )


class ReviewFilterForm(CleanInputMixin, forms.Form):
    """The run review's filters (sent with GET, so links and the pages keep them)."""

    show = forms.ChoiceField(label="Show", choices=list(SHOW_CHOICES.items()), required=False)
    sort = forms.ChoiceField(
        label="Order", choices=[(key, label) for key, (label, _) in SORTS.items()], required=False
    )
    department = forms.TypedChoiceField(
        label="Department (mentor or mentee)", required=False, coerce=int, empty_value=None
    )
    warning = forms.ChoiceField(
        label="Warning",
        choices=[("", "With or without"), *((key, label) for key, (label, _) in WARNINGS.items())],
        required=False,
    )
    q = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Mentor or mentee"}),
    )

    def __init__(self, data: Any = None, *, departments: Iterable[Department]) -> None:
        super().__init__(data)
        field = self.fields["department"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Every department"), *((d.pk, d.name) for d in departments)]

    def filters(self) -> ReviewFilters:
        """The filters to apply: every field that parsed; a bad one is shown and ignored."""
        if not self.is_bound:
            return ReviewFilters()
        self.is_valid()
        data = self.cleaned_data
        return ReviewFilters(
            show=data.get("show") or "pairs",  # one of SHOW_CHOICES: the field checked it
            sort=data.get("sort") or "best",
            department_id=data.get("department"),
            warning=data.get("warning") or "",
            text=data.get("q") or "",
        )


class SwapSearchForm(CleanInputMixin, forms.Form):
    """A row's swap search: mentors of the run by name."""

    q = forms.CharField(
        label="Mentor's name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def text(self) -> str:
        return str(self.cleaned_data.get("q") or "") if self.is_valid() else ""
