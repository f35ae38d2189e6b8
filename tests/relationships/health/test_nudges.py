"""Nudges: by a coordinator to one pair or every pair in a state, from the program's own
editable text (placeholders only, nothing else), and the automatic ones, each sent once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent, Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.health.automatic import nudges_send_due
from remento.relationships.health.models import NudgeCondition, NudgeSent
from remento.relationships.health.services import nudge_send, nudge_template_update
from remento.relationships.meetings.models import MeetingStatus
from remento.relationships.models import Pair
from tests.factories import user_of
from tests.relationships.health.conftest import goal, meeting, new_pair, start


@pytest.fixture
def lapsed(pair: Pair) -> Pair:
    """Active for 60 days, last met 40 days ago (every 14 days): At risk."""
    start(pair, days_ago=60)
    meeting(pair, days_ago=40)
    goal(pair, progress=10)
    return pair


def to(address: str) -> list[Any]:
    return [message for message in mail.outbox if address in message.to]


def test_a_coordinator_nudges_one_pair_with_htmx(
    program: Program,
    lapsed: Pair,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("relationships:health_nudge_pair", args=[program.pk, lapsed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nudge sent to 1 pair" in page
    assert "Nudged" in page
    assert "<html" not in page
    [message] = to(lapsed.mentee.email)
    assert "It has been 40 days since you and Maya Junior last met" in message.body
    assert "every 2 weeks" in message.body
    assert to(lapsed.mentor.email)[0].body.startswith("Hello Maya,")
    assert AuditEvent.objects.filter(verb="pair.nudge").count() == 1


@pytest.mark.parametrize(
    ("days_ago", "said"),
    [
        (None, "You and Maya Junior have not met yet in "),
        (0, "You and Maya Junior have not met yet in "),
        (9, "You and Maya Junior have not met yet in the 9 days since your pair started in "),
        (1, "You and Maya Junior have not met yet in the 1 day since your pair started in "),
    ],
)
def test_a_pair_with_no_meeting_yet_is_not_told_0_days_since_they_last_met(
    program: Program,
    pair: Pair,
    coordinator: Employee,
    days_ago: int | None,
    said: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Launching (not started), started today, or started days ago without a meeting."""
    if days_ago is not None:
        start(pair, days_ago=days_ago)
    with django_capture_on_commit_callbacks(execute=True):
        nudge_send(actor=user_of(coordinator), program=program, pair_ids=[pair.pk])
    [message] = to(pair.mentee.email)
    assert said in message.body
    assert "last met" not in message.body
    assert "0 days" not in message.body


def test_a_second_nudge_the_same_day_is_not_sent(
    program: Program, lapsed: Pair, coordinator: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = nudge_send(actor=user_of(coordinator), program=program, pair_ids=[lapsed.pk])
        second = nudge_send(actor=user_of(coordinator), program=program, pair_ids=[lapsed.pk])
    assert (len(first.sent), len(second.sent), len(second.already)) == (1, 0, 1)
    assert len(mail.outbox) == 2
    later = time_machine.travel(timezone.now() + timedelta(days=1))
    with later, django_capture_on_commit_callbacks(execute=True):
        nudge_send(actor=user_of(coordinator), program=program, pair_ids=[lapsed.pk])
    assert len(mail.outbox) == 4


def test_nudge_every_pair_in_a_state(
    program: Program,
    organization: Organization,
    lapsed: Pair,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    second = start(new_pair(program, organization, "Other"), days_ago=50)
    fine = start(new_pair(program, organization, "Fine"), days_ago=50)
    meeting(fine, days_ago=2)
    goal(fine, progress=60)
    url = reverse("relationships:health_nudge_state", args=[program.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, {"state": "at_risk"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert "Nudge sent to 2 pairs" in response.content.decode()
    nudged = {address for message in mail.outbox for address in message.to}
    assert nudged == {
        lapsed.mentor.email,
        lapsed.mentee.email,
        second.mentor.email,
        second.mentee.email,
    }


def test_the_coordinator_edits_the_nudge(
    program: Program,
    lapsed: Pair,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = reverse("relationships:health_nudge_template", args=[program.pk])
    assert "{days_since_meeting}" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, {"subject": "{first_name}, a word", "body": "Meet {partner} soon. {{not a field}}"}
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("relationships:health_nudge_pair", args=[program.pk, lapsed.pk])
        )
    [message] = to(lapsed.mentee.email)
    assert message.subject == "Martin, a word"
    assert message.body.strip() == "Meet Maya Junior soon. {not a field}"


@pytest.mark.parametrize(
    "body",
    [
        "{partner.__class__.__mro__}",
        "{partner[0]}",
        "{settings}",
        "{partner!r}",
        "{partner:>99}",
        "An open brace {",
    ],
)
def test_the_nudge_refuses_anything_but_the_placeholders(
    program: Program, coordinator: Employee, body: str
) -> None:
    with pytest.raises(FieldErrors) as refused:
        nudge_template_update(actor=user_of(coordinator), program=program, subject="Hi", body=body)
    assert "body" in refused.value.errors


def test_names_are_plain_text_and_escaped_in_html(
    program: Program,
    lapsed: Pair,
    coordinator: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    lapsed.mentor.last_name = "<b>{program}</b>"
    lapsed.mentor.save()
    nudge_template_update(
        actor=user_of(coordinator),
        program=program,
        subject="Hello",
        body="Your partner is {partner}. {{ settings.SECRET_KEY }}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        nudge_send(actor=user_of(coordinator), program=program, pair_ids=[lapsed.pk])
    [message] = to(lapsed.mentee.email)
    assert "Your partner is Maya <b>{program}</b>. { settings.SECRET_KEY }" in message.body
    html = message.alternatives[0].content
    assert "&lt;b&gt;{program}&lt;/b&gt;" in html
    assert "<b>{program}" not in html


def _history(organization: Organization, program: Program) -> dict[str, Pair]:
    to_log = start(new_pair(program, organization, "Logme"), days_ago=30)
    meeting(to_log, days_ago=2, status=MeetingStatus.CONFIRMED)
    meeting(to_log, days_ago=16)
    quiet = start(new_pair(program, organization, "Quiet"), days_ago=50)
    meeting(quiet, days_ago=35)
    drifting = start(new_pair(program, organization, "Drift"), days_ago=50)
    meeting(drifting, days_ago=8)
    fine = start(new_pair(program, organization, "Fine"), days_ago=50)
    meeting(fine, days_ago=2)
    meeting(fine, days_ago=-5, status=MeetingStatus.CONFIRMED)
    return {"to_log": to_log, "quiet": quiet, "drifting": drifting, "fine": fine}


def test_automatic_nudges_go_once_per_condition(
    organization: Organization, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    pairs = _history(organization, program)
    with django_capture_on_commit_callbacks(execute=True):
        assert nudges_send_due() == 3
    sent = set(NudgeSent.objects.values_list("pair_id", "condition"))
    assert sent == {
        (pairs["to_log"].pk, NudgeCondition.LOG_MEETING),
        (pairs["quiet"].pk, NudgeCondition.NO_MEETING),
        (pairs["drifting"].pk, NudgeCondition.SCHEDULE_NEXT),
    }
    subjects = {message.subject for message in to(pairs["quiet"].mentee.email)}
    assert subjects == {f"35 days without a meeting with {pairs['quiet'].mentor.display_name}"}
    assert "Log your meeting" in to(pairs["to_log"].mentor.email)[0].subject
    assert len(mail.outbox) == 6
    with django_capture_on_commit_callbacks(execute=True):
        assert nudges_send_due() == 0
    assert len(mail.outbox) == 6


def test_running_the_command_twice_sends_one_email_each(
    organization: Organization, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    pair = start(new_pair(program, organization, "Quiet"), days_ago=50)
    meeting(pair, days_ago=35)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_nudges", stdout=out)
        call_command("send_nudges", stdout=out)
    assert out.getvalue().splitlines() == ["1 nudge sent.", "0 nudges sent."]
    assert len(to(pair.mentee.email)) == 1
    assert len(to(pair.mentor.email)) == 1


def test_a_new_held_meeting_opens_a_new_occurrence(
    organization: Organization, program: Program, django_capture_on_commit_callbacks: Any
) -> None:
    pair = start(new_pair(program, organization, "Quiet"), days_ago=80)
    meeting(pair, days_ago=35)
    with django_capture_on_commit_callbacks(execute=True):
        assert nudges_send_due() == 1
    meeting(pair, days_ago=1)
    later = time_machine.travel(timezone.now() + timedelta(days=30))
    with later, django_capture_on_commit_callbacks(execute=True):
        assert nudges_send_due() == 1
    assert NudgeSent.objects.filter(pair=pair, condition="no_meeting").count() == 2


def test_an_unknown_placeholder_is_refused_on_the_page(
    program: Program, coordinator_client: Client
) -> None:
    url = reverse("relationships:health_nudge_template", args=[program.pk])
    response = coordinator_client.post(url, {"subject": "Hi", "body": "{partner.__init__}"})
    assert response.status_code == 400
    assert "is not a placeholder" in response.content.decode()
    assert not NudgeSent.objects.exists()
    assert coordinator_client.get(url).content.decode().count("{partner.__init__}") == 0
