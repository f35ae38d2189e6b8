"""The goal form: parses input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.core.widgets import DateInput
from remento.people.models import Employee
from remento.relationships.goals.models import Goal
from remento.relationships.goals.services import DETAIL_MAX, MILESTONES_MAX, TITLE_MAX


class GoalForm(CleanInputMixin, forms.Form):
    owner = forms.TypedChoiceField(label="Whose goal", coerce=int, choices=())
    title = forms.CharField(label="Goal", max_length=TITLE_MAX)
    detail = forms.CharField(
        label="What reaching it looks like",
        max_length=DETAIL_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_date = forms.DateField(label="Target date", required=False, widget=DateInput)
    milestones = forms.CharField(
        label="Milestones, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            f"Up to {MILESTONES_MAX}. With milestones, progress is the share of them done; "
            "without, set it below."
        ),
    )
    progress = forms.IntegerField(
        label="Progress (%)", min_value=0, max_value=100, required=False, initial=0
    )

    def __init__(self, *args: Any, learners: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [(person.pk, person.display_name) for person in learners]
        self._learners = {person.pk: person for person in learners}
        if len(learners) == 1:
            owner.widget = forms.HiddenInput()
            owner.initial = learners[0].pk

    @classmethod
    def for_goal(cls, goal: Goal, *, learners: list[Employee]) -> GoalForm:
        return cls(
            learners=learners,
            prefix=f"goal-{goal.pk}",
            initial={
                "owner": goal.owner_id,
                "title": goal.title,
                "detail": goal.detail,
                "target_date": goal.target_date,
                "progress": goal.progress,
                "milestones": "\n".join(m.title for m in goal.milestones.all()),
            },
        )

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services' keyword arguments."""
        data = self.cleaned_data
        return {
            "owner": self._learners.get(data["owner"]),
            "title": data["title"],
            "detail": data["detail"],
            "target_date": data["target_date"],
            "progress": data["progress"] or 0,
            "milestones": data["milestones"].splitlines(),
        }
