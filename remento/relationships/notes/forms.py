"""Forms of the notes page: they parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.hygiene import CleanInputMixin
from remento.core.widgets import DateInput
from remento.people.models import Employee
from remento.relationships.models import Pair
from remento.relationships.notes.services import NOTE_MAX, TITLE_MAX


class NoteForm(CleanInputMixin, forms.Form):
    body = forms.CharField(
        label="Note", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class SharedNoteForm(NoteForm):
    """A new shared note, about one of the pair's meetings or about the pair in general."""

    body = forms.CharField(
        label="What you talked about and agreed",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    meeting = forms.TypedChoiceField(
        label="About", coerce=int, empty_value=None, required=False, choices=()
    )
    field_order = ["meeting", "body"]

    def __init__(self, *args: Any, meetings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        assert isinstance(meeting, forms.TypedChoiceField)
        meeting.choices = [("", "The pair in general"), *meetings]
        if not meetings:
            meeting.widget = forms.HiddenInput()


class PrivateNoteForm(NoteForm):
    body = forms.CharField(
        label="My private note",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you want to remember, raise next time, or think over.",
    )


class ActionItemForm(CleanInputMixin, forms.Form):
    title = forms.CharField(label="What is to be done", max_length=TITLE_MAX)
    owner = forms.TypedChoiceField(label="Who does it", coerce=int, choices=())
    due_date = forms.DateField(label="Due date", required=False, widget=DateInput)

    def __init__(self, *args: Any, pair: Pair, viewer: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {pair.mentor.pk: pair.mentor, pair.mentee.pk: pair.mentee}
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [
            (person.pk, "Me" if person.pk == viewer.pk else person.display_name)
            for person in (viewer, pair.partner_of(viewer.pk))
        ]

    def owner_person(self) -> Employee:
        return self._people[self.cleaned_data["owner"]]
