"""Forms of the confidential requests: they parse input; the services decide and write."""

from __future__ import annotations

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.relationships.safety.models import SafetyReason, SafetyWish
from remento.relationships.safety.services import (
    DETAILS_MAX,
    MESSAGE_MAX,
    NEUTRAL_MESSAGE,
    REPLY_MAX,
)


class SafetyRequestForm(CleanInputMixin, forms.Form):
    wish = forms.ChoiceField(
        label="What would you like?", choices=SafetyWish.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label="Why?", choices=SafetyReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label="In your own words (optional)",
        max_length=DETAILS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only the program's coordinators read this. Your partner is not told that "
        "you asked, nor why.",
    )


class SafetyReplyForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the person who asked reads it, here and by email.",
    )


class SafetyAddForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label="Your message",
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your partner is not told.",
    )


class SafetyCloseForm(CleanInputMixin, forms.Form):
    message = forms.CharField(
        label="Message to both people",
        max_length=MESSAGE_MAX,
        initial=NEUTRAL_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Both receive it by email and see it on their pair page. Keep it neutral: "
        "no reason, and nothing that tells who asked.",
    )
