"""Every page shows moments in the reader's own time zone (the one on their profile), not the
server's; signed-out pages and people without a known zone keep the site's (UTC)."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.people.models import Employee
from remento.relationships.models import Pair
from remento.relationships.notes.models import SharedNote
from remento.relationships.notes.services import shared_note_save
from tests.conftest import client_for
from tests.factories import user_of

SAVED = dt.datetime(2026, 12, 7, 18, 4, tzinfo=dt.UTC)


def _note_page(pair: Pair, reader: Employee) -> str:
    return client_for(reader).get(reverse("relationships:notes", args=[pair.pk])).text


def _a_note_saved_at_18_04_utc(pair: Pair, mentor: Employee) -> None:
    shared_note_save(actor=user_of(mentor), pair=pair, body="Agreed: posts.")
    SharedNote.objects.update(created_at=SAVED)


def test_a_note_s_time_is_each_reader_s_own(pair: Pair, mentor: Employee, mentee: Employee) -> None:
    Employee.objects.filter(pk=mentor.pk).update(timezone="Asia/Singapore")
    Employee.objects.filter(pk=mentee.pk).update(timezone="Australia/Sydney")
    _a_note_saved_at_18_04_utc(pair, mentor)

    assert "8 Dec 2026, 02:04" in _note_page(pair, mentor)  # UTC+8
    assert "8 Dec 2026, 05:04" in _note_page(pair, mentee)  # UTC+11 (summer time)


def test_a_reader_whose_zone_is_not_known_reads_utc(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    Employee.objects.filter(pk=mentee.pk).update(timezone="Mars/Olympus")
    _a_note_saved_at_18_04_utc(pair, mentor)

    assert "7 Dec 2026, 18:04" in _note_page(pair, mentee)


def test_the_zone_lasts_for_the_request_only(mentor: Employee) -> None:
    Employee.objects.filter(pk=mentor.pk).update(timezone="Asia/Singapore")
    client_for(mentor).get(reverse("home"))
    Client().get(reverse("login"))

    assert timezone.get_current_timezone_name() == "UTC"
