"""Confidential requests: the asker asks, a coordinator replies, resolves or closes the pair
with a neutral message. The partner learns nothing at any step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.people.models import Employee, Role
from remento.relationships.models import Pair, PairStatus
from remento.relationships.safety.models import (
    SafetyReason,
    SafetyRequest,
    SafetyResolution,
    SafetyStatus,
    SafetyWish,
)
from remento.relationships.safety.services import (
    NEUTRAL_MESSAGE,
    safety_pair_close,
    safety_request_add,
    safety_request_create,
    safety_request_reply,
    safety_request_resolve,
)
from tests.factories import user_of

SECRET = "He keeps talking over me in meetings"


def ask(pair: Pair, by: Employee, **fields: Any) -> SafetyRequest:
    values: dict[str, Any] = {
        "wish": SafetyWish.END,
        "reason": SafetyReason.UNCOMFORTABLE,
        "details": SECRET,
    }
    values.update(fields)
    return safety_request_create(actor=user_of(by), pair=pair, **values)


def _texts(messages: list[Any]) -> str:
    return " ".join(
        m.subject + m.body + "".join(str(a[0]) for a in getattr(m, "alternatives", []))
        for m in messages
    )


def test_asking_tells_the_asker_and_the_coordinators_and_never_the_partner(
    active_pair: Pair,
    coordinator: Employee,
    admin: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentee, mentor = active_pair.mentee, active_pair.mentor
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(active_pair, mentee)
    assert request.status == SafetyStatus.OPEN
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([mentee.email, coordinator.email, admin.email])
    assert not [m for m in mail.outbox if mentor.email in m.to]
    # Email to coordinators carries a link and no detail.
    coordinator_mail = [m for m in mail.outbox if coordinator.email in m.to]
    assert SECRET not in _texts(coordinator_mail)
    assert mentee.display_name not in _texts(coordinator_mail)
    event = AuditEvent.objects.get(verb="safety_request.create")
    assert event.data == {"pair": active_pair.pk}


def test_the_reason_and_words_are_checked(active_pair: Pair) -> None:
    with pytest.raises(FieldErrors) as refused:
        ask(active_pair, active_pair.mentor, wish="leave", reason="bored", details="x" * 4001)
    assert set(refused.value.errors) == {"wish", "reason", "details"}
    with pytest.raises(FieldErrors) as refused:
        ask(active_pair, active_pair.mentor, reason=SafetyReason.OTHER, details=" ")
    assert set(refused.value.errors) == {"details"}
    assert not SafetyRequest.objects.exists()


def test_one_waiting_request_per_person(active_pair: Pair) -> None:
    ask(active_pair, active_pair.mentee)
    with pytest.raises(ServiceError, match="already have a request"):
        ask(active_pair, active_pair.mentee, wish=SafetyWish.CHANGE)
    ask(active_pair, active_pair.mentor)  # the partner may ask too, on their own


def test_only_the_pairs_people_ask_and_only_while_it_is_open(
    active_pair: Pair, coordinator: Employee, stranger: Employee
) -> None:
    for outsider in (coordinator, stranger):
        with pytest.raises(PermissionDenied):
            ask(active_pair, outsider)
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)
    with pytest.raises(ServiceError, match="ended"):
        ask(active_pair, active_pair.mentee)


def test_a_reply_reaches_the_asker_only(
    active_pair: Pair, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    request = ask(active_pair, active_pair.mentee)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        safety_request_reply(
            actor=user_of(coordinator), request=request, text="Shall we talk on Tuesday?"
        )
    assert [m.to for m in mail.outbox] == [[active_pair.mentee.email]]
    assert "Shall we talk on Tuesday?" in mail.outbox[0].body
    request.refresh_from_db()
    assert request.status == SafetyStatus.ANSWERED
    event = AuditEvent.objects.get(verb="safety_request.reply")
    assert event.data == {"pair": active_pair.pk}


def test_a_coordinator_in_the_pair_cannot_read_or_act(
    active_pair: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    """A coordinator who is the partner is the partner here: not told, cannot answer."""
    partner = active_pair.mentor
    Employee.objects.filter(pk=partner.pk).update(role=Role.COORDINATOR)
    partner.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(active_pair, active_pair.mentee)
    assert not [m for m in mail.outbox if partner.email in m.to]
    with pytest.raises(PermissionDenied):
        safety_request_reply(actor=user_of(partner), request=request, text="Hello")
    with pytest.raises(PermissionDenied):
        safety_pair_close(actor=user_of(partner), request=request, message="Bye")


def test_participants_and_other_organisations_cannot_act(
    active_pair: Pair, stranger: Employee
) -> None:
    request = ask(active_pair, active_pair.mentee)
    for person in (active_pair.mentee, active_pair.mentor, stranger):
        with pytest.raises(PermissionDenied):
            safety_request_reply(actor=user_of(person), request=request, text="Hi")
        with pytest.raises(PermissionDenied):
            safety_request_resolve(actor=user_of(person), request=request)


def test_resolving_keeps_the_pair(active_pair: Pair, coordinator: Employee) -> None:
    request = ask(active_pair, active_pair.mentee, wish=SafetyWish.CHANGE)
    safety_request_resolve(actor=user_of(coordinator), request=request)
    request.refresh_from_db()
    assert request.status == SafetyStatus.RESOLVED
    assert request.resolution == SafetyResolution.HANDLED
    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.ACTIVE
    with pytest.raises(ServiceError, match="resolved already"):
        safety_request_resolve(actor=user_of(coordinator), request=request)


def test_a_neutral_close_says_neither_why_nor_who(
    active_pair: Pair, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    request = ask(active_pair, active_pair.mentee)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        pair = safety_pair_close(
            actor=user_of(coordinator), request=request, message=NEUTRAL_MESSAGE
        )
    assert pair.status == PairStatus.CLOSED
    assert pair.end_reason == NEUTRAL_MESSAGE
    closed = [m for m in mail.outbox if "has ended" in m.subject]
    assert sorted(m.to[0] for m in closed) == sorted(
        [active_pair.mentor.email, active_pair.mentee.email]
    )
    texts = _texts(closed)
    for secret in (SECRET, SafetyReason.UNCOMFORTABLE.label, "asked", "request"):
        assert secret not in texts
    request.refresh_from_db()
    assert request.status == SafetyStatus.RESOLVED
    assert request.resolution == SafetyResolution.PAIR_CLOSED
    for event in AuditEvent.objects.all():
        assert SECRET not in str(event.data)
        assert "uncomfortable" not in str(event.data)


def test_a_neutral_close_needs_a_message(active_pair: Pair, coordinator: Employee) -> None:
    request = ask(active_pair, active_pair.mentee)
    with pytest.raises(FieldErrors) as refused:
        safety_pair_close(actor=user_of(coordinator), request=request, message="  ")
    assert set(refused.value.errors) == {"message"}
    active_pair.refresh_from_db()
    assert active_pair.status == PairStatus.ACTIVE


def test_the_asker_adds_to_their_request_and_it_waits_again(
    active_pair: Pair, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    request = ask(active_pair, active_pair.mentee)
    safety_request_reply(actor=user_of(coordinator), request=request, text="Tuesday?")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        safety_request_add(actor=user_of(active_pair.mentee), request=request, text="Yes, 10am.")
    request.refresh_from_db()
    assert request.status == SafetyStatus.OPEN
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Yes, 10am." not in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        safety_request_add(actor=user_of(active_pair.mentor), request=request, text="Hi")
    safety_request_resolve(actor=user_of(coordinator), request=request)
    with pytest.raises(ServiceError, match="resolved"):
        safety_request_add(actor=user_of(active_pair.mentee), request=request, text="More")
