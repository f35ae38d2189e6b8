"""The note to the mentor's manager: only when the mentor asks, once, and nothing
confidential in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.outcomes.certificates.selectors import certificate_for
from remento.outcomes.certificates.services import certificate_manager_note_send
from remento.people.models import Employee
from remento.relationships.models import Pair
from tests.conftest import client_for


def _post(mentor: Employee, pair: Pair, capture: Any) -> Any:
    with capture(execute=True):
        return client_for(mentor).post(
            reverse("outcomes:certificate_manager_note", args=[pair.pk]), follow=True
        )


def test_nothing_goes_to_the_manager_without_the_mentors_button(
    mentor: Employee, pair: Pair, manager: Employee
) -> None:
    page = client_for(mentor).get(reverse("outcomes:certificate", args=[pair.pk]))

    text = page.content.decode()
    assert "Send this note to Mona Manager" in text
    assert "This is exactly what it says" in text
    assert "2.6 hours" in text
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="certificate.manager_noted").exists()


def test_the_note_goes_once_and_says_nothing_confidential(
    mentor: Employee,
    mentee: Employee,
    pair: Pair,
    manager: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = _post(mentor, pair, django_capture_on_commit_callbacks).content.decode()

    assert "The note is on its way to Mona Manager" in page
    assert "A note went to Mona Manager on" in page
    [email] = mail.outbox
    assert email.to == [manager.email]
    assert email.subject == "Maya Junior completed a mentoring program: Digital Leaders 2026"
    assert "2.6 hours" in email.body
    assert "Prompting AI, Social media" in email.body
    assert "Grace Hopper" in email.body
    assert mentee.first_name not in email.body
    assert mentee.last_name not in email.body
    html = email.alternatives[0][0]
    assert "2.6 hours" in html
    assert mentee.last_name not in html
    event = AuditEvent.objects.get(verb="certificate.manager_noted")
    assert event.actor == mentor.user
    assert event.data["manager"] == manager.pk

    again = _post(mentor, pair, django_capture_on_commit_callbacks).content.decode()
    assert "The note already went to Mona Manager." in again
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="certificate.manager_noted").count() == 1


def test_without_a_manager_the_page_explains_and_nothing_is_sent(
    mentor: Employee, pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    Employee.objects.filter(pk=mentor.pk).update(manager=None)

    page = client_for(mentor).get(reverse("outcomes:certificate", args=[pair.pk])).content
    assert "names no manager Remento can write to" in page.decode()
    assert b"Send this note" not in page

    answer = _post(mentor, pair, django_capture_on_commit_callbacks).content.decode()
    assert "names no manager Remento can write to" in answer
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb="certificate.manager_noted").exists()


def test_a_manager_who_left_is_not_written_to(
    mentor: Employee, pair: Pair, manager: Employee
) -> None:
    Employee.objects.filter(pk=manager.pk).update(is_active=False)

    certificate = certificate_for(viewer=mentor, pair_pk=pair.pk)

    assert certificate.note.manager is None
    with pytest.raises(ServiceError):
        certificate_manager_note_send(actor=mentor.user, certificate=certificate)


def test_the_service_refuses_anyone_but_the_mentor(
    mentor: Employee, mentee: Employee, pair: Pair
) -> None:
    certificate = certificate_for(viewer=mentor, pair_pk=pair.pk)

    with pytest.raises(PermissionDenied):
        certificate_manager_note_send(actor=mentee.user, certificate=certificate)
    assert mail.outbox == []
