"""Reading a pair's notes: shared notes and action items for the two people, private notes
for their author only. Each function takes the viewer and filters by them in the query, so
no caller can ask for someone else's private notes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.shortcuts import get_object_or_404

from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.selectors import zone_of
from remento.relationships.models import Pair
from remento.relationships.notes.models import ActionItem, PrivateNote, SharedNote

logger = logging.getLogger(__name__)


def _member(viewer: Employee, pair: Pair) -> None:
    if viewer.pk not in (pair.mentor_id, pair.mentee_id):
        raise Http404("No such page.")


def shared_notes(*, viewer: Employee, pair: Pair) -> list[SharedNote]:
    """The pair's shared notes, newest first (one query; the two people only)."""
    _member(viewer, pair)
    return list(
        SharedNote.objects.filter(pair=pair).select_related("author", "updated_by", "meeting")
    )


def meeting_choices(*, viewer: Employee, pair: Pair) -> list[tuple[int, str]]:
    """The pair's meetings that have no shared note yet, newest first, labelled in the
    viewer's own time zone (the 30 latest; two queries)."""
    _member(viewer, pair)
    zone = zone_of(pair=pair, employee=viewer)
    meetings = (
        Meeting.objects.filter(pair=pair, shared_notes__isnull=True)
        .exclude(status__in=[MeetingStatus.DECLINED, MeetingStatus.CANCELLED])
        .order_by("-starts_at", "-id")[:30]
    )
    choices = []
    for meeting in meetings:
        local = meeting.starts_at.astimezone(zone)
        status = meeting.get_status_display().lower()
        choices.append((meeting.pk, f"The meeting of {local.day} {local:%b %Y, %H:%M} ({status})"))
    return choices


def meeting_of(*, pair: Pair, meeting_pk: int | None) -> Meeting | None:
    if meeting_pk is None:
        return None
    return Meeting.objects.filter(pair=pair, pk=meeting_pk).first()


def action_items(*, viewer: Employee, pair: Pair) -> list[ActionItem]:
    """The pair's action items, open ones first by due date (one query; the two only)."""
    _member(viewer, pair)
    return list(ActionItem.objects.filter(pair=pair).select_related("owner"))


@dataclass(frozen=True)
class PrivateNoteView:
    """A private note, decrypted for its author; ``readable`` is False when none of the
    configured keys opens it (the keys were changed without keeping the old one)."""

    pk: int
    body: str
    created_at: object
    updated_at: object
    readable: bool = True


def _private_view(note: PrivateNote) -> PrivateNoteView:
    try:
        body, readable = note.body, True
    except ImproperlyConfigured:
        # One note the server cannot open must not take the pair's notes page down: the
        # author is told on the page, the operator in the log (the message names the fix).
        logger.exception("Private note %s cannot be decrypted", note.pk)
        body, readable = "", False
    return PrivateNoteView(
        pk=note.pk,
        body=body,
        created_at=note.created_at,
        updated_at=note.updated_at,
        readable=readable,
    )


def private_notes(*, viewer: Employee, pair: Pair) -> list[PrivateNoteView]:
    """The viewer's own private notes in this pair, decrypted, newest first (one query)."""
    _member(viewer, pair)
    return [_private_view(note) for note in PrivateNote.objects.filter(pair=pair, author=viewer)]


def shared_note_of(*, viewer: Employee, pair: Pair, note_pk: object) -> SharedNote:
    _member(viewer, pair)
    return get_object_or_404(SharedNote.objects.select_related("pair"), pair=pair, pk=note_pk)


def action_item_of(*, viewer: Employee, pair: Pair, item_pk: object) -> ActionItem:
    _member(viewer, pair)
    return get_object_or_404(ActionItem.objects.select_related("pair"), pair=pair, pk=item_pk)


def private_note_of(*, viewer: Employee, pair: Pair, note_pk: object) -> PrivateNote:
    """One of the viewer's own private notes in this pair; a 404 for anyone else's."""
    _member(viewer, pair)
    return get_object_or_404(PrivateNote, pair=pair, author=viewer, pk=note_pk)
