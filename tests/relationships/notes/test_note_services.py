"""Shared notes, action items and private notes: the pair's two people write them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.relationships.goals.services import goal_create
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus
from remento.relationships.notes import selectors
from remento.relationships.notes.models import PrivateNote, SharedNote
from remento.relationships.notes.next_steps import action_items_home
from remento.relationships.notes.services import (
    action_item_create,
    action_item_toggle,
    private_note_delete,
    private_note_save,
    shared_note_save,
)
from tests.conftest import client_for
from tests.factories import user_of

WORDS = "We talked about the reorganisation and Maya's manager."


def _meeting(pair: Pair, by: Employee) -> Meeting:
    return Meeting.objects.create(
        pair=pair,
        status=MeetingStatus.HELD,
        starts_at=timezone.now() - dt.timedelta(days=2),
        duration_minutes=45,
        organizer=by,
        proposed_by=by,
    )


def test_both_people_write_and_edit_a_shared_note(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    note = shared_note_save(actor=user_of(mentor), pair=pair, body=WORDS)
    shared_note_save(actor=user_of(mentee), pair=pair, body=WORDS + " And AI.", note=note)
    note.refresh_from_db()
    assert note.body.endswith("And AI.")
    assert note.updated_by_id == mentee.pk
    assert WORDS not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_a_meeting_has_one_shared_note(pair: Pair, mentor: Employee) -> None:
    meeting = _meeting(pair, mentor)
    shared_note_save(actor=user_of(mentor), pair=pair, body="First", meeting=meeting)
    with pytest.raises(FieldErrors):
        shared_note_save(actor=user_of(mentor), pair=pair, body="Second", meeting=meeting)
    assert selectors.meeting_choices(viewer=mentor, pair=pair) == []


def test_coordinators_and_admins_write_no_notes(
    pair: Pair, coordinator: Employee, admin: Employee
) -> None:
    for person in (coordinator, admin):
        with pytest.raises(PermissionDenied):
            shared_note_save(actor=user_of(person), pair=pair, body="x")
        with pytest.raises(PermissionDenied):
            private_note_save(actor=user_of(person), pair=pair, body="x")
    assert not SharedNote.objects.exists()
    assert not PrivateNote.objects.exists()


def test_an_action_item_has_an_owner_of_the_pair_and_a_due_date(
    pair: Pair, mentor: Employee, mentee: Employee, coordinator: Employee
) -> None:
    due = timezone.localdate() + dt.timedelta(days=7)
    item = action_item_create(
        actor=user_of(mentor), pair=pair, title="Share the deck", owner=mentee, due_date=due
    )
    assert (item.owner_id, item.due_date, item.done_at) == (mentee.pk, due, None)
    action_item_toggle(actor=user_of(mentee), item=item, done=True)
    item.refresh_from_db()
    assert item.done_at is not None
    action_item_toggle(actor=user_of(mentor), item=item, done=False)
    item.refresh_from_db()
    assert item.done_at is None
    with pytest.raises(FieldErrors) as refused:
        action_item_create(
            actor=user_of(mentor), pair=pair, title="", owner=coordinator, due_date=None
        )
    assert set(refused.value.errors) == {"title", "owner"}


def test_private_notes_are_saved_edited_and_deleted_by_their_author_only(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    note = private_note_save(actor=user_of(mentee), pair=pair, body=WORDS)
    assert note.body == WORDS
    with pytest.raises(Http404):
        private_note_save(actor=user_of(mentor), pair=pair, body="mine now", note=note)
    with pytest.raises(Http404):
        private_note_delete(actor=user_of(mentor), note=note)
    private_note_save(actor=user_of(mentee), pair=pair, body="Changed", note=note)
    note.refresh_from_db()
    assert note.body == "Changed"
    private_note_delete(actor=user_of(mentee), note=note)
    assert not PrivateNote.objects.exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"note.private_create", "note.private_update", "note.private_delete"} <= verbs


def test_a_closed_pair_takes_no_new_notes(pair: Pair, mentee: Employee) -> None:
    note = private_note_save(actor=user_of(mentee), pair=pair, body=WORDS)
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.CLOSED)
    for save in (shared_note_save, private_note_save):
        with pytest.raises(ServiceError):
            save(actor=user_of(mentee), pair=pair, body="more")
    with pytest.raises(ServiceError):
        action_item_create(actor=user_of(mentee), pair=pair, title="x", owner=mentee, due_date=None)
    private_note_delete(actor=user_of(mentee), note=note)  # one's own words may always go


def test_selectors_read_in_one_query_each(
    pair: Pair, mentor: Employee, mentee: Employee, django_assert_num_queries: object
) -> None:
    for n in range(4):
        shared_note_save(actor=user_of(mentor), pair=pair, body=f"n{n}")
        private_note_save(actor=user_of(mentee), pair=pair, body=f"p{n}")
        action_item_create(
            actor=user_of(mentor), pair=pair, title=f"a{n}", owner=mentee, due_date=None
        )
    with django_assert_num_queries(3):  # type: ignore[operator]
        notes = selectors.shared_notes(viewer=mentor, pair=pair)
        [(n.author, n.updated_by, n.meeting) for n in notes]
        items = selectors.action_items(viewer=mentor, pair=pair)
        [i.owner for i in items]
        assert len(selectors.private_notes(viewer=mentee, pair=pair)) == 4
    assert selectors.private_notes(viewer=mentor, pair=pair) == []


def _queries_for(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_notes_and_goals_pages_do_not_query_per_row(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    client = client_for(mentee)
    notes_url = reverse("relationships:notes", args=[pair.pk])
    goals_url = reverse("relationships:goals", args=[pair.pk])

    def add(n: int) -> None:
        shared_note_save(actor=user_of(mentor), pair=pair, body=f"n{n}")
        private_note_save(actor=user_of(mentee), pair=pair, body=f"p{n}")
        action_item_create(
            actor=user_of(mentor), pair=pair, title=f"a{n}", owner=mentee, due_date=None
        )
        goal_create(actor=user_of(mentor), pair=pair, title=f"g{n}", milestones=["x", "y"])
        _meeting(pair, mentor)

    add(0)
    few = (_queries_for(client, notes_url), _queries_for(client, goals_url))
    for n in range(1, 6):
        add(n)
    assert (_queries_for(client, notes_url), _queries_for(client, goals_url)) == few


def test_the_home_page_lists_action_items_due_soon_or_overdue(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.ACTIVE)
    today = timezone.localdate()
    for title, due in (
        ("Share the deck", today - dt.timedelta(days=1)),
        ("Book a room", today + dt.timedelta(days=3)),
        ("Later", today + dt.timedelta(days=30)),
    ):
        action_item_create(
            actor=user_of(mentor), pair=pair, title=title, owner=mentee, due_date=due
        )
    [step] = action_items_home(mentee).steps
    assert step.title == "2 action items to do this week for your pair with Maya Junior"
    assert step.detail.startswith("1 overdue. First: “Share the deck”")
    assert action_items_home(mentor).steps == []
