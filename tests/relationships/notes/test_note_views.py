"""The notes page: the two people write; staff learn only that the notes are the pair's;
another organisation gets a 404 everywhere."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from remento.people.models import Employee
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import Pair, PairStatus
from remento.relationships.notes.models import ActionItem, SharedNote
from remento.relationships.notes.services import (
    action_item_create,
    private_note_save,
    shared_note_save,
)
from tests.conftest import client_for
from tests.factories import user_of


def _notes(pair: Pair) -> str:
    return reverse("relationships:notes", args=[pair.pk])


def test_a_shared_note_about_a_meeting(pair: Pair, mentor: Employee, mentee: Employee) -> None:
    meeting = Meeting.objects.create(
        pair=pair,
        status=MeetingStatus.HELD,
        starts_at=timezone.now() - dt.timedelta(days=1),
        duration_minutes=45,
        organizer=mentor,
        proposed_by=mentor,
    )
    client = client_for(mentee)
    page = client.get(_notes(pair) + f"?meeting={meeting.pk}").content.decode()
    assert f'value="{meeting.pk}" selected' in page
    url = reverse("relationships:shared_note_create", args=[pair.pk])
    response = client.post(url, {"shared-meeting": meeting.pk, "shared-body": "Agreed: posts."})
    assert response.status_code == 302
    note = SharedNote.objects.get()
    assert note.meeting_id == meeting.pk
    assert "The meeting of" in client_for(mentor).get(_notes(pair)).content.decode()

    # A note about no meeting gets a heading of its own, not the one above it.
    client.post(url, {"shared-meeting": "", "shared-body": "How we work."})
    page = client_for(mentor).get(_notes(pair)).content.decode()
    general = page.index("How we work.")
    assert page.rfind("About the pair in general", 0, general) > page.rfind(
        "Agreed: posts.", 0, general
    )


def test_staff_see_that_notes_are_the_pairs_own(
    pair: Pair, mentor: Employee, coordinator: Employee, admin: Employee
) -> None:
    shared_note_save(actor=user_of(mentor), pair=pair, body="Between us")
    action_item_create(
        actor=user_of(mentor), pair=pair, title="Secret task", owner=mentor, due_date=None
    )
    for person in (coordinator, admin):
        client = client_for(person)
        page = client.get(_notes(pair)).content.decode()
        assert "readable by them only" in page
        assert "Between us" not in page
        assert "Secret task" not in page
        url = reverse("relationships:shared_note_create", args=[pair.pk])
        assert client.post(url, {"shared-body": "x"}).status_code == 404


def test_another_organisation_gets_a_404_everywhere(
    pair: Pair, mentor: Employee, stranger: Employee
) -> None:
    note = shared_note_save(actor=user_of(mentor), pair=pair, body="Between us")
    private = private_note_save(actor=user_of(mentor), pair=pair, body="Mine")
    item = action_item_create(
        actor=user_of(mentor), pair=pair, title="Task", owner=mentor, due_date=None
    )
    client = client_for(stranger)
    assert client.get(_notes(pair)).status_code == 404
    for name, args in (
        ("shared_note_create", [pair.pk]),
        ("shared_note_edit", [pair.pk, note.pk]),
        ("private_note_create", [pair.pk]),
        ("private_note_edit", [pair.pk, private.pk]),
        ("private_note_delete", [pair.pk, private.pk]),
        ("action_item_create", [pair.pk]),
        ("action_item_toggle", [pair.pk, item.pk]),
    ):
        assert client.post(reverse(f"relationships:{name}", args=args)).status_code == 404


def test_an_action_item_ticked_with_htmx_answers_its_row(pair: Pair, mentor: Employee) -> None:
    item = action_item_create(
        actor=user_of(mentor), pair=pair, title="Task", owner=mentor, due_date=None
    )
    url = reverse("relationships:action_item_toggle", args=[pair.pk, item.pk])
    response = client_for(mentor).post(url, {"done": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<li id="item-{item.pk}"')
    assert ActionItem.objects.get(pk=item.pk).done_at is not None


def test_a_closed_pair_shows_notes_to_read_only(pair: Pair, mentor: Employee) -> None:
    shared_note_save(actor=user_of(mentor), pair=pair, body="Between us")
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.CLOSED)
    client = client_for(mentor)
    page = client.get(_notes(pair)).content.decode()
    assert "Between us" in page
    assert "Save the shared note" not in page
    url = reverse("relationships:shared_note_create", args=[pair.pk])
    response = client.post(url, {"shared-body": "More"}, follow=True)
    assert "has ended" in response.content.decode()
    assert SharedNote.objects.count() == 1
