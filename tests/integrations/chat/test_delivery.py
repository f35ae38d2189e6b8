"""What reaches chat: the organisation's chosen kinds in its channel, each person's own
notifications where they chose, nothing across organisations, and never a lost message."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from remento.core.notifications import Attachment, notify
from remento.integrations.chat.models import (
    ChatConnection,
    ChatMessage,
    Delivery,
    MessageStatus,
    Target,
)
from remento.integrations.chat.sandbox import FakeSlack, FakeTeams
from remento.people.models import Employee
from remento.programs.models import Program
from tests.factories import employee_with_login, make_pair, make_program
from tests.integrations.chat.conftest import (
    choose,
    connect_slack,
    other_organization,
    posts,
)

PAIR_STARTED = "relationships/email/pair_started"


@pytest.fixture
def program(organization: Any) -> Program:
    return make_program(organization, name="Digital Fluency")


def started(mentor: Employee, mentee: Employee, program: Program, capture: Any) -> None:
    """Tell both people their pair started (as the pair service does), committing."""
    pair = make_pair(program, mentor, mentee)
    with capture(execute=True):
        for person, partner in ((mentor, mentee), (mentee, mentor)):
            notify(
                to=person,
                template=PAIR_STARTED,
                context={"pair": pair, "partner": partner, "program": program},
            )


def test_the_channel_gets_one_short_line_per_kind_program_and_day(
    slack: ChatConnection,
    teams: ChatConnection,
    fake_slack: FakeSlack,
    fake_teams: FakeTeams,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    started(mentor, mentee, program, django_capture_on_commit_callbacks)

    [post] = posts(fake_slack)
    assert post["channel"] == "#mentoring"
    assert post["text"].startswith("Digital Fluency: pairs started or closed today.")
    assert f"/programs/{program.pk}/|Open in Remento>" in post["text"]
    for name in (mentor.last_name, mentee.last_name, mentor.first_name, mentee.first_name):
        assert name not in post["text"]
    [card] = [r.body for r in fake_teams.requests]
    content = card["attachments"][0]["content"]
    assert card["type"] == "message"
    assert content["type"] == "AdaptiveCard"
    assert content["body"][0]["text"] == "Digital Fluency: pairs started or closed today."
    assert content["actions"][0]["url"].endswith(f"/programs/{program.pk}/")
    assert len(mail.outbox) == 2  # people who never chose still get their emails


def test_kinds_the_coordinator_left_out_are_not_posted(
    coordinator: Employee,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    connect_slack(coordinator, kinds=("applications", "matching"))
    started(mentor, mentee, program, django_capture_on_commit_callbacks)
    assert posts(fake_slack) == []


def test_a_notification_of_no_kind_never_goes_to_chat(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.CHAT)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=mentor,
            template="people/email/sign_in_email_changed",
            context={"old_email": "a@acme.example", "new_email": "b@acme.example"},
        )
    assert posts(fake_slack) == []
    assert len(mail.outbox) == 1


def test_another_organisations_notifications_never_reach_this_workspace(
    slack: ChatConnection,
    teams: ChatConnection,
    fake_slack: FakeSlack,
    fake_teams: FakeTeams,
    django_capture_on_commit_callbacks: Any,
) -> None:
    globex = other_organization()
    program = make_program(globex, name="Globex Program")
    mentor = employee_with_login(organization=globex, email="gm@globex.example", level=2)
    mentee = employee_with_login(organization=globex, email="gs@globex.example", level=8)
    choose(mentor, Delivery.CHAT)

    started(mentor, mentee, program, django_capture_on_commit_callbacks)

    assert fake_slack.requests[1:] == []  # only the auth.test of connecting
    assert fake_teams.requests == []
    assert ChatMessage.objects.count() == 0
    assert len(mail.outbox) == 2  # Globex has no chat: both are emailed


def test_chat_only_sends_a_direct_message_instead_of_the_email(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.CHAT)
    started(mentor, mentee, program, django_capture_on_commit_callbacks)

    lookups = [r.body for r in fake_slack.requests if r.method_name == "users.lookupByEmail"]
    assert lookups == [{"email": mentor.email}]
    direct = [p for p in posts(fake_slack) if p["channel"] == FakeSlack.user_id(mentor.email)]
    assert len(direct) == 1
    assert direct[0]["text"].startswith(
        f"Your mentoring pair with {mentee.display_name} has started <http"
    )
    assert [m.to for m in mail.outbox] == [[mentee.email]]
    message = ChatMessage.objects.get(target=Target.PERSON)
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1


def test_both_sends_the_direct_message_and_the_email(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.BOTH)
    started(mentor, mentee, program, django_capture_on_commit_callbacks)

    assert ChatMessage.objects.filter(target=Target.PERSON, recipient=mentor).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])


def test_email_only_people_get_no_direct_message(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.EMAIL)
    started(mentor, mentee, program, django_capture_on_commit_callbacks)
    assert not ChatMessage.objects.filter(target=Target.PERSON).exists()
    assert not [r for r in fake_slack.requests if r.method_name == "users.lookupByEmail"]


def test_without_direct_messages_allowed_a_chat_choice_still_gets_email(
    coordinator: Employee,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.CHAT)
    connect_slack(coordinator, direct_messages=False)
    started(mentor, mentee, program, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])


def test_a_person_slack_does_not_know_gets_the_email_instead(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    fake_slack.unknown_emails.add(mentor.email)
    choose(mentor, Delivery.CHAT)
    started(mentor, mentee, program, django_capture_on_commit_callbacks)

    message = ChatMessage.objects.get(target=Target.PERSON)
    assert message.status == MessageStatus.EMAILED
    assert "users_not_found" in message.error
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])
    [fallback] = [m for m in mail.outbox if m.to == [mentor.email]]
    assert fallback.subject == f"Your mentoring pair with {mentee.display_name} has started"


def test_a_notification_with_a_calendar_file_is_emailed_as_well(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.CHAT)
    pair = make_pair(program, mentor, mentee)
    invite = Attachment("meeting.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n", "text/calendar")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            to=mentor,
            template=PAIR_STARTED,
            context={"pair": pair, "partner": mentee, "program": program},
            attachments=(invite,),
        )
    assert ChatMessage.objects.filter(target=Target.PERSON).count() == 1
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert mail.outbox[0].attachments


def test_a_rolled_back_action_posts_nothing(
    slack: ChatConnection,
    fake_slack: FakeSlack,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.db import transaction

    pair = make_pair(program, mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(
                    to=mentor,
                    template=PAIR_STARTED,
                    context={"pair": pair, "partner": mentee, "program": program},
                )
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert posts(fake_slack) == []
    assert mail.outbox == []


def test_teams_never_messages_one_person(
    coordinator: Employee,
    teams: ChatConnection,
    fake_teams: FakeTeams,
    mentor: Employee,
    mentee: Employee,
    program: Program,
    django_capture_on_commit_callbacks: Any,
) -> None:
    choose(mentor, Delivery.CHAT)
    started(mentor, mentee, program, django_capture_on_commit_callbacks)
    assert len(fake_teams.requests) == 1  # the channel's one line
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])


def test_the_test_message_is_posted_and_listed(
    coordinator_client: Any,
    slack: ChatConnection,
    fake_slack: FakeSlack,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.urls import reverse

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("chat:connection_test", args=["slack"]))
    [post] = posts(fake_slack)
    assert post["text"].startswith("Remento is connected: Cora Ordinator sent this test message.")
    page = coordinator_client.get(reverse("chat:settings")).content.decode()
    assert "Delivered" in page
    assert "Remento is connected" in page
