"""Writing a pair's notes and action items (the pair's two people, while the pair is open).

Audit events say who did what to which note, never what a note says.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import User
from remento.people.access import acting_employee
from remento.people.models import Employee
from remento.relationships.goals.workspace import locked_in_pair, pair_writer
from remento.relationships.meetings.models import Meeting
from remento.relationships.models import Pair
from remento.relationships.notes.models import ActionItem, PrivateNote, SharedNote

NOTE_MAX = 10_000
TITLE_MAX = 200


def _audit(actor: User, pair: Pair, verb: str, target: object, **data: object) -> None:
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb=verb,
        target=target,  # type: ignore[arg-type]
        data={"pair": pair.pk, **data},
    )


def _note_text(body: str) -> str:
    body = body.strip()
    if not body:
        raise FieldErrors({"body": "Write something first."})
    if len(body) > NOTE_MAX:
        raise FieldErrors({"body": f"Keep a note to {NOTE_MAX} characters (it has {len(body)})."})
    return body


@transaction.atomic
def shared_note_save(
    *,
    actor: User,
    pair: Pair,
    body: str,
    note: SharedNote | None = None,
    meeting: Meeting | None = None,
) -> SharedNote:
    """Write a new shared note (about ``meeting``, one note per meeting, or about the pair),
    or change ``note``; both people of the pair read and edit it."""
    pair, employee = pair_writer(actor, pair)
    body = _note_text(body)
    if note is None:
        if meeting is not None:
            if meeting.pair_id != pair.pk:
                raise FieldErrors({"meeting": "Choose one of your own meetings."})
            if SharedNote.objects.filter(meeting=meeting).exists():
                raise FieldErrors(
                    {"meeting": "That meeting has its notes already: edit them below."}
                )
        note = SharedNote.objects.create(
            pair=pair, meeting=meeting, body=body, author=employee, updated_by=employee
        )
        _audit(actor, pair, "note.shared_create", note, meeting=meeting.pk if meeting else None)
        return note
    note = locked_in_pair(note, pair, "note")
    note.body, note.updated_by = body, employee
    note.save(update_fields=["body", "updated_by", "updated_at"])
    _audit(actor, pair, "note.shared_update", note)
    return note


@transaction.atomic
def action_item_create(
    *, actor: User, pair: Pair, title: str, owner: Employee, due_date: dt.date | None
) -> ActionItem:
    """Give one of the two people something to do, by ``due_date`` (optional)."""
    pair, employee = pair_writer(actor, pair)
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = "Say what is to be done."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep it to {TITLE_MAX} characters."
    if owner.pk not in (pair.mentor_id, pair.mentee_id):
        errors["owner"] = "Choose one of the two of you."
    today = timezone.localdate()
    if due_date is not None and not (
        today - dt.timedelta(days=365) <= due_date <= today + dt.timedelta(days=3650)
    ):
        errors["due_date"] = "Choose a due date from a year ago to ten years from now."
    if errors:
        raise FieldErrors(errors)
    item = ActionItem.objects.create(
        pair=pair, owner=owner, title=title, due_date=due_date, created_by=employee
    )
    _audit(actor, pair, "action_item.create", item, owner=owner.pk)
    return item


@transaction.atomic
def action_item_toggle(*, actor: User, item: ActionItem, done: bool) -> ActionItem:
    """Mark an action item done (now) or not done yet (either of the two people)."""
    pair, _employee = pair_writer(actor, item.pair)
    item = locked_in_pair(item, pair, "action item")
    if done and item.done_at is None:
        item.done_at = timezone.now()
    elif not done:
        item.done_at = None
    item.save(update_fields=["done_at", "updated_at"])
    _audit(actor, pair, "action_item.toggle", item, done=done)
    return item


def _own_private_note(note: PrivateNote, author: Employee) -> PrivateNote:
    note = PrivateNote.objects.select_for_update().get(pk=note.pk)
    if note.author_id != author.pk:
        # As if it did not exist: nobody learns that someone else wrote a note.
        raise Http404("No such note.")
    return note


@transaction.atomic
def private_note_save(
    *, actor: User, pair: Pair, body: str, note: PrivateNote | None = None
) -> PrivateNote:
    """Write a private note (or change the actor's own ``note``): only its author ever reads
    it, and the database holds it encrypted."""
    pair, employee = pair_writer(actor, pair)
    body = _note_text(body)
    if note is None:
        note = PrivateNote(pair=pair, author=employee)
        note.set_body(body)
        note.save()
        _audit(actor, pair, "note.private_create", note)
        return note
    note = _own_private_note(note, employee)
    if note.pair_id != pair.pk:
        raise Http404("No such note.")
    note.set_body(body)
    note.save(update_fields=["ciphertext", "updated_at"])
    _audit(actor, pair, "note.private_update", note)
    return note


@transaction.atomic
def private_note_delete(*, actor: User, note: PrivateNote) -> None:
    """Delete one of the actor's own private notes. Allowed on a closed pair too: a person
    may always remove what only they wrote."""
    employee = acting_employee(actor)
    note = _own_private_note(note, employee)
    pair = Pair.objects.select_related("program__organization").get(pk=note.pair_id)
    if employee.pk not in (pair.mentor_id, pair.mentee_id):
        raise PermissionDenied("Only the two people of the pair may do this.")
    _audit(actor, pair, "note.private_delete", note)
    note.delete()
