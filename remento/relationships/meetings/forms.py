"""Forms of the meetings pages: they parse input; the services decide and write."""

from __future__ import annotations

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.core.widgets import DateInput, TimeInput
from remento.relationships.meetings.checks import AGENDA_MAX, SERIES_MAX
from remento.relationships.meetings.models import DURATION_MAX, DURATION_MIN, MissedBy
from remento.relationships.meetings.services import TOPICS_MAX


class MeetingTimeForm(CleanInputMixin, forms.Form):
    """A day, a start time (in the person's own time zone) and a length."""

    day = forms.DateField(label="Day", widget=DateInput)
    at = forms.TimeField(label="Starts at", widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=DURATION_MIN, max_value=DURATION_MAX
    )

    def __init__(self, *args: object, zone_name: str = "UTC", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["at"].label = f"Starts at ({zone_name} time)"


class MeetingProposeForm(MeetingTimeForm):
    location = forms.CharField(
        label="Place", max_length=200, required=False, help_text="A room, a café, an address."
    )
    video_url = forms.URLField(
        label="Video link", max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label="Agenda",
        max_length=AGENDA_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you would like to talk about.",
    )
    occurrences = forms.IntegerField(
        label="How many meetings",
        min_value=1,
        max_value=SERIES_MAX,
        initial=1,
    )


class MeetingLogForm(CleanInputMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Did the meeting take place?",
        choices=[("held", "Yes, we met"), ("missed", "No, it was missed")],
        widget=forms.RadioSelect,
    )
    held_minutes = forms.IntegerField(
        label="How long did it last (minutes)?",
        min_value=1,
        max_value=DURATION_MAX,
        required=False,
    )
    topics = forms.CharField(
        label="What did you talk about?",
        max_length=TOPICS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words; both of you see them, coordinators do not.",
    )
    missed_by = forms.ChoiceField(
        label="If it was missed: who missed it?",
        choices=MissedBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
