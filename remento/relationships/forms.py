"""Forms of the pair pages: they parse input; the services decide and write."""

from __future__ import annotations

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.relationships.agreement import CONFIDENTIALITY_PLEDGE
from remento.relationships.models import PairAgreement, PairStatus
from remento.relationships.services import CADENCE_MAX, CADENCE_MIN, GOALS_MAX, REASON_MAX


class AgreementTermsForm(CleanInputMixin, forms.Form):
    goals = forms.CharField(
        label="Our goals",
        max_length=GOALS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Two or three goals you can both recognise when they are reached.",
    )
    cadence_days = forms.IntegerField(
        label="Days between our meetings",
        min_value=CADENCE_MIN,
        max_value=CADENCE_MAX,
        required=False,
        help_text="For example 14 for every two weeks.",
    )
    confidentiality = forms.BooleanField(label=CONFIDENTIALITY_PLEDGE, required=False)

    @classmethod
    def for_terms(cls, terms: PairAgreement | None, *, default_cadence: int) -> AgreementTermsForm:
        return cls(
            initial={
                "goals": terms.goals if terms else "",
                "cadence_days": terms.cadence_days
                if terms and terms.cadence_days
                else default_cadence,
                "confidentiality": terms.confidentiality if terms else False,
            }
        )


class PairCloseForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label="Why does the pair end?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Both people receive this by email.",
    )


class ConfidentialReasonForm(CleanInputMixin, forms.Form):
    """Why an admin needs to see a pair's confidential content (break-glass)."""

    reason = forms.CharField(
        label="Why do you need to see it?",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "For example the case number of a complaint you are handling. The two people of "
            "the pair will see your name, the time and this reason on their pair page."
        ),
    )


class PairFilterForm(CleanInputMixin, forms.Form):
    """The program's pairs list: one status, and words of a mentor's or mentee's name."""

    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *PairStatus.choices], required=False
    )
    q = forms.CharField(
        label="Mentor or mentee (name, email, job title or employee id)",
        required=False,
        max_length=200,
    )
