"""Check-in forms: a person's answers (built from the program's questions), the plan, and
one question of the builder."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.enrollment.models import SCALE_LABELS, QuestionAudience, QuestionKind
from remento.relationships.checkins.models import (
    CHECKIN_KINDS,
    EVERY_DAYS_MAX,
    RATING_LABELS,
    REMIND_DAYS_MAX,
    REMIND_DAYS_MIN,
    CheckIn,
    CheckInKind,
    CheckInQuestion,
    Fit,
    QuestionMoment,
)
from remento.relationships.checkins.plans import CheckInQuestionData, PlanData

QUOTE_CONSENT_LABEL = "You may quote my comments, without my name, in the program's report"
QUOTE_CONSENT_HELP = (
    "Only the comments above, word for word, for the program's sponsor; never your name, "
    "your rating or your other answers. Leave it unticked and your comments stay with your "
    "coordinator."
)
SCALE_CHOICES = [(str(n), f"{n} — {label}") for n, label in SCALE_LABELS.items()]


def _question_field(question: CheckInQuestion) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": False,
    }
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(choices=SCALE_CHOICES, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.SINGLE:
        choices = [(c, c) for c in question.choices]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(c, c) for c in question.choices]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)


class CheckInAnswerForm(CleanInputMixin, forms.Form):
    """The rating, the fit (first check-in only), the program's questions, free text.

    Required answers are checked by the service, which names the field that is missing."""

    rating = forms.TypedChoiceField(
        label="How is your mentoring relationship going?",
        choices=[(str(n), f"{n} — {label}") for n, label in RATING_LABELS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
    )
    fit = forms.ChoiceField(
        label="Is this pair a good fit?",
        help_text="Honestly: your coordinator can help, and your partner never sees this.",
        choices=Fit.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comments = forms.CharField(
        label="Anything else your coordinator should know?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(
        self, *args: Any, checkin: CheckIn, questions: list[CheckInQuestion], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if not checkin.asks_fit:
            del self.fields["fit"]
        comments = self.fields.pop("comments")
        for question in questions:
            self.fields[f"q{question.pk}"] = _question_field(question)
        self.fields["comments"] = comments
        if checkin.kind == CheckInKind.CLOSING:
            self.fields["rating"].label = "How did your mentoring relationship go?"
            comments.label = "Anything you would like to say about the program?"
            self.fields["quote_allowed"] = forms.BooleanField(
                label=QUOTE_CONSENT_LABEL, help_text=QUOTE_CONSENT_HELP, required=False
            )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "rating": data.get("rating") or None,
            "fit": data.get("fit", ""),
            "comments": data.get("comments", ""),
            "answers": {q.pk: data.get(f"q{q.pk}") for q in self.questions},
            "quote_allowed": bool(data.get("quote_allowed")),
        }


class CheckInPlanForm(CleanInputMixin, forms.Form):
    after_first_meeting = forms.BooleanField(
        label="Ask after the pair's first meeting",
        help_text="The first check-in also asks whether the pair is a good fit.",
        required=False,
    )
    every_days = forms.IntegerField(
        label="Then every … days",
        help_text="28 is every 4 weeks; 0 for no regular check-ins.",
        min_value=0,
        max_value=EVERY_DAYS_MAX,
    )
    closing = forms.BooleanField(label="Ask both people when the pair ends", required=False)
    remind_after_days = forms.IntegerField(
        label="Remind after … days",
        help_text="A second reminder after twice as long; unanswered after three times as long, "
        "the check-in is marked missed.",
        min_value=REMIND_DAYS_MIN,
        max_value=REMIND_DAYS_MAX,
    )

    def plan_data(self) -> PlanData:
        return PlanData(**self.cleaned_data)


class CheckInQuestionForm(CleanInputMixin, forms.Form):
    text = forms.CharField(label="Question", max_length=300)
    help_text = forms.CharField(label="Help shown under it", max_length=300, required=False)
    kind = forms.ChoiceField(
        label="Kind of answer", choices=[(k.value, k.label) for k in CHECKIN_KINDS]
    )
    audience = forms.ChoiceField(label="Asked of", choices=QuestionAudience.choices, required=False)
    asked_at = forms.ChoiceField(
        label="Asked at",
        choices=QuestionMoment.choices,
        required=False,
        help_text="A question about how things are going reads oddly once the pair has ended: "
        "ask it while the pair runs, and a looking-back one at the closing check-in.",
    )
    choices = forms.CharField(
        label="Choices, one per line",
        help_text="For single and multiple choice questions only.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    required = forms.BooleanField(label="An answer is required", required=False)
    position = forms.IntegerField(label="Position", min_value=1, max_value=999, required=False)

    def question_data(self) -> CheckInQuestionData:
        data = self.cleaned_data
        return CheckInQuestionData(
            text=data["text"],
            kind=data["kind"],
            audience=data.get("audience") or "",
            asked_at=data.get("asked_at") or "",
            required=data["required"],
            help_text=data.get("help_text", ""),
            choices=(data.get("choices") or "").splitlines(),
            position=data.get("position"),
        )

    @classmethod
    def initial_for(cls, question: CheckInQuestion) -> dict[str, Any]:
        return {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "audience": question.audience,
            "asked_at": question.asked_at,
            "choices": "\n".join(question.choices),
            "required": question.required,
            "position": question.position,
        }
