from __future__ import annotations

from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for


def _send(mail_dir: Path, subject: str, to: str, body: str, minute: int = 0) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email="remento@localhost",
        to=[to],
        headers={"Date": f"Thu, 01 Jan 2026 10:{minute:02d}:00 +0000"},
    )
    EmailBackend(file_path=str(mail_dir)).send_messages([message])


def test_the_outbox_lists_sent_emails_newest_first(
    coordinator_client: Client, settings, tmp_path: Path
) -> None:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path
    _send(tmp_path, "Second", "ben@acme.example", "Hello Ben.", minute=5)
    _send(tmp_path, "First", "ann@acme.example", "Hello Ann — welcome.", minute=1)

    response = coordinator_client.get(reverse("outbox"))

    emails = response.context["emails"]
    assert [e.subject for e in emails] == ["Second", "First"]
    first = next(e for e in emails if e.subject == "First")
    assert (first.to, first.body.strip()) == ("ann@acme.example", "Hello Ann — welcome.")
    assert "Hello Ben." in response.content.decode()


def test_the_outbox_searches(coordinator_client: Client, settings, tmp_path: Path) -> None:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path
    _send(tmp_path, "Invitation", "ann@acme.example", "Join us")
    _send(tmp_path, "Waitlist", "ben@acme.example", "Wait")

    response = coordinator_client.get(reverse("outbox"), {"q": "ben@"})

    assert [e.subject for e in response.context["emails"]] == ["Waitlist"]


def test_the_outbox_is_a_404_unless_mail_goes_to_files(
    coordinator_client: Client, settings
) -> None:
    settings.EMAIL_MODE = "smtp"
    assert coordinator_client.get(reverse("outbox")).status_code == 404


def test_participants_cannot_read_the_outbox(mentee, settings, tmp_path: Path) -> None:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path
    assert client_for(mentee).get(reverse("outbox")).status_code == 403


def test_an_empty_outbox_says_so(coordinator_client: Client, settings, tmp_path: Path) -> None:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path / "none-yet"
    assert (
        "No email has been sent yet" in coordinator_client.get(reverse("outbox")).content.decode()
    )
