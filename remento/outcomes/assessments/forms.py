"""The assessment form: one set of radio buttons per skill, every level described."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html

from remento.core.hygiene import CleanInputMixin
from remento.outcomes.assessments.levels import LEVELS
from remento.people.models import Skill


def level_choices() -> list[tuple[int, str]]:
    """The scale as radio choices, each level's name and what someone there can do."""
    return [
        (
            level.number,
            format_html(
                '<span class="level-name">{} · {}</span> <span class="level-description">{}</span>',
                level.number,
                level.name,
                level.description,
            ),
        )
        for level in LEVELS
    ]


class AssessmentForm(CleanInputMixin, forms.Form):
    """A level for each skill (``level_<skill id>``) and, for a retrospective, where the
    person was at the start too (``then_<skill id>``). Fields are optional here so that the
    service's messages, which name each skill, are the ones shown."""

    def __init__(
        self, *args: Any, skills: list[Skill], now_label: str, then: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.skills, self.then = skills, then
        for skill in skills:
            if then:
                self.fields[f"then_{skill.pk}"] = self._field("At the start of the pair (then)")
            self.fields[f"level_{skill.pk}"] = self._field(
                now_label if then else skill.name, help_text="" if then else now_label
            )

    @staticmethod
    def _field(label: str, help_text: str = "") -> forms.TypedChoiceField:
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=level_choices(),
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose one of the five levels."},
        )

    def groups(self) -> list[tuple[Skill, list[forms.BoundField]]]:
        """Each skill with its fields (then, now), for a page that groups them."""
        return [
            (
                skill,
                [self[f"then_{skill.pk}"], self[f"level_{skill.pk}"]]
                if self.then
                else [self[f"level_{skill.pk}"]],
            )
            for skill in self.skills
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        levels = {skill.pk: data.get(f"level_{skill.pk}") for skill in self.skills}
        if not self.then:
            return {"levels": levels}
        then = {skill.pk: data.get(f"then_{skill.pk}") for skill in self.skills}
        return {"levels": levels, "then_levels": then}
