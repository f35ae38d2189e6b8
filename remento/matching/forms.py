"""Forms of the matching pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.matching.services.bulk import WEIGHT_MAX
from remento.matching.services.choice import MESSAGE_MAX
from remento.programs.models import default_weights

CRITERION_LABELS = {
    "skills": "Skills the mentee wants that the mentor can teach",
    "interests": "Shared interests",
    "personality": "Personality balance (introvert and extrovert)",
    "gap": "Seniority and generation gap",
    "department": "Department rule (different, or same when preferred)",
    "timezone": "Working hours in common (time zones)",
    "diversity": "Different backgrounds (consented data only)",
}
CRITERION_HELP = {
    "diversity": (
        "Used in matching only where both people consented. Never part of a score or a "
        "reason anyone reads; this page shows only how many pairs it brings together."
    ),
}


class WeightsForm(CleanInputMixin, forms.Form):
    """One weight per criterion, 0 to 10; the service checks the set as a whole."""

    def __init__(self, *args: Any, weights: dict[str, float], **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = {**default_weights(), **weights}
        for name in default_weights():
            self.fields[name] = forms.FloatField(
                label=CRITERION_LABELS.get(name, name),
                help_text=CRITERION_HELP.get(name, ""),
                min_value=0.0,
                max_value=WEIGHT_MAX,
                initial=current[name],
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )

    def weights(self) -> dict[str, float]:
        return {name: float(self.cleaned_data[name]) for name in default_weights()}


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
