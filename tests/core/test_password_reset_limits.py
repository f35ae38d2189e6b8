"""Password-reset requests: limited per address and per client, sent in the background, the
same answer whatever the address, and audited."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import Employee
from tests.factories import EmployeeFactory

RESET = reverse("password_reset")
DONE = reverse("password_reset_done")


def ask(client: Client, email: str) -> Any:
    return client.post(RESET, {"email": email})


def test_an_address_gets_at_most_three_links_an_hour_and_the_answer_never_changes(
    mentor: Employee,
) -> None:
    answers = [ask(Client(REMOTE_ADDR=f"10.0.0.{n}"), mentor.email) for n in range(5)]

    assert [(a.status_code, a["Location"]) for a in answers] == [(302, DONE)] * 5
    assert len(mail.outbox) == 3
    assert mail.outbox[0].subject == "Reset your Remento password"
    assert AuditEvent.objects.filter(verb="password_reset.throttled").count() == 2


def test_one_client_asking_for_many_addresses_is_told_to_wait(mentor: Employee) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    for number in range(10):
        assert ask(client, f"someone{number}@acme.example").status_code == 302

    refused = ask(client, mentor.email)

    assert refused.status_code == 429
    assert "Too many reset requests" in refused.text
    assert mail.outbox == []
    assert ask(Client(REMOTE_ADDR="10.9.9.10"), mentor.email).status_code == 302
    assert len(mail.outbox) == 1


def test_the_request_only_hands_the_address_to_a_background_task(
    mentor: Employee, settings: Any
) -> None:
    """The page does the same work for any address (the lookup happens in the task), so its
    timing cannot tell whether an account exists."""
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    ask(Client(), mentor.email)
    ask(Client(), "nobody@acme.example")
    queued = [result.kwargs for result in backend.results]  # type: ignore[attr-defined]

    assert [kwargs["email"] for kwargs in queued] == [mentor.email, "nobody@acme.example"]
    assert {tuple(sorted(kwargs)) for kwargs in queued} == {
        ("client", "domain", "email", "use_https")
    }
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb__startswith="password_reset").exists()


def test_reset_requests_are_audited_in_the_accounts_organisation_or_nowhere(
    mentor: Employee,
) -> None:
    ask(Client(REMOTE_ADDR="10.0.0.7"), mentor.email)
    ask(Client(), "nobody@acme.example")

    known = AuditEvent.objects.get(verb="password_reset.requested", target_type="core.user")
    assert known.organization_id == mentor.organization_id
    assert known.data["ip"] == "10.0.0.7"
    unknown = AuditEvent.objects.exclude(target_type="core.user").get(
        verb="password_reset.requested"
    )
    assert unknown.organization_id is None
    assert "nobody" not in str(unknown.data)


def test_a_person_with_no_sign_in_gets_one_and_the_link_to_set_a_password(db: None) -> None:
    """An invitation tells people who never signed in to set a password first: a person the
    directory knows (active, with that work email) who has no sign-in yet gets one."""
    person = EmployeeFactory.create(email="New.Joiner@acme.example")

    assert ask(Client(), "new.joiner@ACME.example").status_code == 302

    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "New.Joiner@acme.example"
    assert not person.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["New.Joiner@acme.example"]
    assert message.subject == "Set your Remento password"
    assert "this is how you sign in for the first time" in message.body
    link = next(word for word in message.body.split() if "/accounts/reset/" in word)
    page = Client().get(link.split("testserver", 1)[-1], follow=True).text
    assert "<h1>Choose your password</h1>" in page
    created = AuditEvent.objects.get(verb="people.sign_in_created")
    assert created.organization_id == person.organization_id


def test_nobody_gets_a_sign_in_who_has_left_or_shares_the_address(
    db: None, django_user_model: Any
) -> None:
    EmployeeFactory.create(email="gone@acme.example", is_active=False)
    EmployeeFactory.create(email="twice@acme.example")
    EmployeeFactory.create(email="TWICE@acme.example")  # another organisation's person

    ask(Client(), "gone@acme.example")
    ask(Client(), "twice@acme.example")

    assert mail.outbox == []
    assert django_user_model.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="people.sign_in_created").exists()
