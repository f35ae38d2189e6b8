"""Forms of the health board: its filter and sort, and the program's nudge text."""

from __future__ import annotations

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.relationships.health import text
from remento.relationships.health.rules import STATE_ORDER
from remento.relationships.health.selectors import SORTS

STATE_CHOICES = [(state.value, state.label) for state in STATE_ORDER]


class BoardFilterForm(CleanInputMixin, forms.Form):
    state = forms.ChoiceField(
        label="Health", choices=[("", "Every state"), *STATE_CHOICES], required=False
    )
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)


class NudgeStateForm(CleanInputMixin, forms.Form):
    state = forms.ChoiceField(choices=STATE_CHOICES)


class NudgeTemplateForm(CleanInputMixin, forms.Form):
    subject = forms.CharField(label="Subject", max_length=text.SUBJECT_MAX)
    body = forms.CharField(
        label="Message",
        max_length=text.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text. Use the placeholders listed below, e.g. {partner}.",
    )
