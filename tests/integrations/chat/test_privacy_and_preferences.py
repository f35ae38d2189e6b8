"""Chat never carries a private note or a sensitive attribute; each person chooses only
their own delivery, and the page is honest about what each service offers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.notifications import notify
from remento.integrations.chat.models import ChatConnection, ChatPreference, Delivery
from remento.integrations.chat.sandbox import FakeSlack, FakeTeams
from remento.integrations.chat.selectors import preference_of
from remento.integrations.chat.services import preference_set
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from remento.relationships.notes.services import private_note_save
from tests.factories import make_pair, make_program, user_of
from tests.integrations.chat.conftest import choose

NOTE = "Sentinel private note 4411: worried about the reorganisation"
ATTRIBUTE = "Sentinel heritage 7731"


def test_no_chat_payload_carries_a_private_note_or_a_sensitive_attribute(
    slack: ChatConnection,
    teams: ChatConnection,
    fake_slack: FakeSlack,
    fake_teams: FakeTeams,
    mentor: Employee,
    mentee: Employee,
    organization: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for person in (mentor, mentee):
        SensitiveAttribute.objects.create(
            employee=person, kind=SensitiveKind.BACKGROUND, value=ATTRIBUTE, consent_matching=True
        )
        choose(person, Delivery.BOTH)
    pair = make_pair(make_program(organization, name="Privacy Program"), mentor, mentee)
    note = private_note_save(actor=user_of(mentor), pair=pair, body=NOTE)
    # A word only the email's body shows (the greeting), never its subject.
    mentor.preferred_name = "Sentinelgreeting"
    mentor.save()
    context = {
        "pair": pair,
        "partner": mentee,
        "program": pair.program,
        "note": note,
        "attributes": list(SensitiveAttribute.objects.all()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=mentor, template="relationships/email/pair_started", context=context)
        notify(to=mentor, template="relationships/email/pair_closed", context=context)

    assert "Sentinelgreeting" in mail.outbox[0].body  # the body had it to leak
    payloads = [r.text() for r in fake_slack.requests + fake_teams.requests]
    assert any("chat.postMessage" in p for p in payloads)
    assert fake_teams.requests
    for payload in payloads:
        assert "Sentinel" not in payload
        assert "reorganisation" not in payload


def test_a_person_chooses_only_their_own_delivery(mentor: Employee, mentee: Employee) -> None:
    preference_set(actor=user_of(mentor), employee=mentor, delivery=Delivery.BOTH)
    assert preference_of(mentor) == Delivery.BOTH
    assert preference_of(mentee) == Delivery.EMAIL
    with pytest.raises(PermissionDenied):
        preference_set(actor=user_of(mentor), employee=mentee, delivery=Delivery.CHAT)
    assert not ChatPreference.objects.filter(employee=mentee).exists()


def test_someone_of_another_organisation_cannot_set_ours(
    stranger: Employee, mentor: Employee
) -> None:
    with pytest.raises(PermissionDenied):
        preference_set(actor=user_of(stranger), employee=mentor, delivery=Delivery.CHAT)


def test_the_page_offers_slack_when_the_organisation_allows_it(
    mentor_client: Client, mentor: Employee, slack: ChatConnection
) -> None:
    url = reverse("chat:my_notifications")
    page = mentor_client.get(url).content.decode()
    assert "Slack direct message" in page
    assert mentor.email in page

    saved = mentor_client.post(url, {"delivery": "chat"})
    assert saved.status_code == 302
    assert preference_of(mentor) == Delivery.CHAT

    refused = mentor_client.post(url, {"delivery": "pigeon"})
    assert refused.status_code == 400
    assert preference_of(mentor) == Delivery.CHAT


def test_the_page_says_email_only_when_only_teams_is_connected(
    mentor_client: Client, mentor: Employee, teams: ChatConnection
) -> None:
    url = reverse("chat:my_notifications")
    page = mentor_client.get(url).content.decode()
    assert "cannot message one person" in page
    assert mentor_client.post(url, {"delivery": "chat"}).status_code == 400
    assert preference_of(mentor) == Delivery.EMAIL


def test_the_integrations_hub_shows_the_chat_card_to_coordinators(
    coordinator_client: Client, slack: ChatConnection
) -> None:
    page = coordinator_client.get(reverse("integrations:hub")).content.decode()
    assert "Slack and Microsoft Teams" in page
    assert "Slack connected" in page
    assert reverse("chat:settings") in page
