"""A private note is read by its author only: every other role and surface is tried here,
and the database holds only its ciphertext."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.contrib import admin as django_admin
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent, User
from remento.people.models import Employee
from remento.people.services.personal_data import person_erase
from remento.people.services.personal_export import personal_data_export
from remento.relationships.confidential import SESSION_KEY
from remento.relationships.models import Pair
from remento.relationships.notes import crypto
from remento.relationships.notes.models import PrivateNote
from remento.relationships.notes.services import private_note_save, shared_note_save
from tests.conftest import client_for
from tests.factories import user_of

SECRET = "I worry Maya's manager undermines her; raise it with HR"
SHARED = "We agreed to try Copilot on the board pack"


@pytest.fixture
def note(pair: Pair, mentee: Employee) -> PrivateNote:
    return private_note_save(actor=user_of(mentee), pair=pair, body=SECRET)


def _pages(pair: Pair) -> list[str]:
    return [
        reverse("relationships:notes", args=[pair.pk]),
        reverse("relationships:goals", args=[pair.pk]),
        reverse("relationships:pair_detail", args=[pair.pk]),
    ]


def _seen(client: Client, pair: Pair) -> str:
    return "".join(client.get(url).content.decode() for url in _pages(pair))


def test_the_author_reads_it_labelled_only_you(
    note: PrivateNote, pair: Pair, mentee: Employee
) -> None:
    page = client_for(mentee).get(reverse("relationships:notes", args=[pair.pk])).content.decode()
    assert SECRET.replace("'", "&#x27;") in page
    assert "Only you can see this" in page


def test_the_partner_never_sees_it(note: PrivateNote, pair: Pair, mentor: Employee) -> None:
    client = client_for(mentor)
    assert "Maya&#x27;s manager" not in _seen(client, pair)
    assert "manager undermines" not in _seen(client, pair)
    edit = reverse("relationships:private_note_edit", args=[pair.pk, note.pk])
    delete = reverse("relationships:private_note_delete", args=[pair.pk, note.pk])
    assert client.post(edit, {f"private-{note.pk}-body": "x"}).status_code == 404
    assert client.post(delete).status_code == 404
    assert PrivateNote.objects.get(pk=note.pk).body == SECRET


def test_a_coordinator_never_sees_it_nor_the_shared_notes(
    note: PrivateNote, pair: Pair, mentor: Employee, coordinator: Employee
) -> None:
    shared_note_save(actor=user_of(mentor), pair=pair, body=SHARED)
    seen = _seen(client_for(coordinator), pair)
    assert "manager undermines" not in seen
    assert "Copilot" not in seen


def test_an_admin_never_sees_it_even_through_break_glass(
    note: PrivateNote, pair: Pair, mentor: Employee, admin: Employee
) -> None:
    shared_note_save(actor=user_of(mentor), pair=pair, body=SHARED)
    client = client_for(admin)
    session = client.session
    session[SESSION_KEY] = [pair.pk]
    session.save()
    seen = _seen(client, pair)
    assert "manager undermines" not in seen
    assert "Copilot" not in seen
    edit = reverse("relationships:private_note_edit", args=[pair.pk, note.pk])
    assert client.post(edit, {f"private-{note.pk}-body": "x"}).status_code == 404


def test_the_django_admin_does_not_know_private_notes(note: PrivateNote) -> None:
    assert PrivateNote not in django_admin.site._registry
    operator = User.objects.create_superuser(
        email="root@platform.example", password="x-Long-pass-1"
    )
    client = Client()
    client.force_login(operator)
    assert client.get("/admin/relationships/privatenote/").status_code == 404
    for model in django_admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert "manager undermines" not in client.get(url).content.decode(), url


def _export_text(actor: Employee, employee: Employee) -> str:
    data = personal_data_export(actor=user_of(actor), employee=employee)
    return json.dumps(data.as_json(), default=str)


def test_no_export_holds_it_not_even_the_authors(
    note: PrivateNote, pair: Pair, mentor: Employee, mentee: Employee, admin: Employee
) -> None:
    shared_note_save(actor=user_of(mentor), pair=pair, body=SHARED)
    partners = _export_text(admin, mentor)
    authors = _export_text(admin, mentee)
    for text in (partners, authors):
        assert "manager undermines" not in text
        assert note.ciphertext not in text
        assert "Copilot" not in text
    assert '"private_notes": 1' in authors
    assert '"private_notes": 0' in partners


def test_the_audit_trail_holds_no_note_text(
    note: PrivateNote, pair: Pair, mentee: Employee
) -> None:
    private_note_save(actor=user_of(mentee), pair=pair, body=SECRET + " again", note=note)
    events = list(AuditEvent.objects.values_list("data", flat=True))
    assert events
    assert "manager undermines" not in json.dumps(events)
    assert note.ciphertext not in json.dumps(events)


def test_the_database_holds_only_ciphertext(note: PrivateNote) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {PrivateNote._meta.db_table} WHERE id = %s",
            [note.pk],
        )
        row = cursor.fetchone()
    raw = " ".join(str(value) for value in row)
    assert "manager" not in raw
    assert "Maya" not in raw
    assert PrivateNote.objects.values_list("ciphertext", flat=True).get() != SECRET
    assert "manager" not in str(note)
    assert "manager" not in repr(note)


def test_a_rotated_key_still_opens_old_notes_and_the_command_moves_them(
    pair: Pair, mentee: Employee, settings: Any
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.REMENTO_PRIVATE_NOTES_KEYS = [old]
    note = private_note_save(actor=user_of(mentee), pair=pair, body=SECRET)
    settings.REMENTO_PRIVATE_NOTES_KEYS = [new, old]
    assert PrivateNote.objects.get(pk=note.pk).body == SECRET
    out = StringIO()
    call_command("reencrypt_private_notes", stdout=out)
    assert "1 private note" in out.getvalue()
    settings.REMENTO_PRIVATE_NOTES_KEYS = [new]
    assert PrivateNote.objects.get(pk=note.pk).body == SECRET
    settings.REMENTO_PRIVATE_NOTES_KEYS = [old]
    with pytest.raises(Exception, match="cannot be decrypted"):
        PrivateNote.objects.get(pk=note.pk).body  # noqa: B018


def test_a_note_no_configured_key_opens_is_explained_on_the_page_not_a_crash(
    pair: Pair, mentee: Employee, settings: Any
) -> None:
    settings.REMENTO_PRIVATE_NOTES_KEYS = [Fernet.generate_key().decode()]
    private_note_save(actor=user_of(mentee), pair=pair, body=SECRET)
    settings.REMENTO_PRIVATE_NOTES_KEYS = [Fernet.generate_key().decode()]

    response = client_for(mentee).get(reverse("relationships:notes", args=[pair.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This note cannot be read on this server" in page
    assert "Delete this private note" in page


def test_without_keys_one_is_derived_from_the_secret_key(settings: Any) -> None:
    settings.REMENTO_PRIVATE_NOTES_KEYS = []
    token = crypto.encrypt("hello")
    assert Fernet(crypto.derived_key(settings.SECRET_KEY)).decrypt(token.encode()) == b"hello"
    settings.SECRET_KEY = settings.SECRET_KEY + "-changed"
    with pytest.raises(Exception, match="cannot be decrypted"):
        crypto.decrypt(token)


def test_a_malformed_key_is_a_configuration_error_that_does_not_repeat_it(settings: Any) -> None:
    settings.REMENTO_PRIVATE_NOTES_KEYS = ["not-a-key-at-all"]
    with pytest.raises(Exception, match="key 1 is not a Fernet key") as error:
        crypto.encrypt("x")
    assert "not-a-key-at-all" not in str(error.value)


def test_erasing_the_author_deletes_their_private_notes(
    note: PrivateNote, pair: Pair, mentor: Employee, mentee: Employee, admin: Employee
) -> None:
    private_note_save(actor=user_of(mentor), pair=pair, body="The partner's own")
    person_erase(actor=user_of(admin), employee=mentee)
    assert list(PrivateNote.objects.values_list("author_id", flat=True)) == [mentor.pk]
