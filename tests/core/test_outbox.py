"""The demo outbox: the notifications to the viewer's own organisation, nothing else."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from remento.core.models import Organization
from remento.core.notifications import (
    ORGANIZATION_HEADER,
    TEMPLATE_HEADER,
    failed_deliveries,
    notify,
    send_email,
)
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import employee_with_login

TEMPLATE = "relationships/email/pair_started"


def _send(
    mail_dir: Path,
    subject: str,
    to: str,
    body: str,
    *,
    organization: Organization,
    minute: int = 0,
    template: str = TEMPLATE,
) -> None:
    """Write one notification as the worker would: with the headers ``notify`` sets."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email="remento@localhost",
        to=[to],
        headers={
            "Date": f"Thu, 01 Jan 2026 10:{minute:02d}:00 +0000",
            TEMPLATE_HEADER: template,
            ORGANIZATION_HEADER: str(organization.pk),
        },
    )
    EmailBackend(file_path=str(mail_dir)).send_messages([message])


def _to_files(mail_dir: Path) -> None:
    """What the test backend caught, written where the outbox reads."""
    EmailBackend(file_path=str(mail_dir)).send_messages(list(mail.outbox))


@pytest.fixture
def outbox_dir(settings, tmp_path: Path) -> Path:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path
    return tmp_path


def test_the_outbox_lists_sent_emails_newest_first(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, mentee: Employee
) -> None:
    organization = mentor.organization
    _send(outbox_dir, "Second", mentee.email, "Hello.", organization=organization, minute=5)
    _send(outbox_dir, "First", mentor.email, "Hello — welcome.", organization=organization)

    response = coordinator_client.get(reverse("outbox"))

    emails = response.context["emails"]
    assert [e.subject for e in emails] == ["Second", "First"]
    first = next(e for e in emails if e.subject == "First")
    assert (first.to, first.body.strip()) == (mentor.email, "Hello — welcome.")
    assert "Hello." in response.content.decode()


def test_a_notification_reaches_the_outbox_through_the_task(
    coordinator_client: Client,
    outbox_dir: Path,
    mentor: Employee,
    django_capture_on_commit_callbacks,
) -> None:
    context = {"pair": SimpleNamespace(pk=1), "partner": mentor, "program": mentor}
    with django_capture_on_commit_callbacks(execute=True):
        notify(to=mentor, template=TEMPLATE, context=context)
    _to_files(outbox_dir)

    response = coordinator_client.get(reverse("outbox"))

    subjects = [e.subject for e in response.context["emails"]]
    assert subjects == ["Your mentoring pair with Maya Junior has started"]


def test_the_outbox_searches(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, mentee: Employee
) -> None:
    _send(outbox_dir, "Invitation", mentor.email, "Join us", organization=mentor.organization)
    _send(outbox_dir, "Waitlist", mentee.email, "Wait", organization=mentee.organization)

    response = coordinator_client.get(reverse("outbox"), {"q": "martin@"})

    assert [e.subject for e in response.context["emails"]] == ["Waitlist"]


def test_a_coordinator_of_another_organisation_sees_none_of_our_emails(
    outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    _send(outbox_dir, "Ours", mentor.email, "Private", organization=mentor.organization)
    _send(outbox_dir, "Theirs", stranger.email, "Hi Sam", organization=stranger.organization)

    response = client_for(stranger).get(reverse("outbox"))

    assert [e.subject for e in response.context["emails"]] == ["Theirs"]
    assert "Private" not in response.content.decode()


def test_an_email_to_an_address_outside_the_organisation_is_not_shown(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    # Marked as ours but sent to someone who is not one of our people: not shown.
    _send(outbox_dir, "Odd", stranger.email, "?", organization=mentor.organization)

    assert coordinator_client.get(reverse("outbox")).context["emails"] == []


def test_password_reset_emails_never_appear(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    for person in (mentor, stranger):
        Client().post(reverse("password_reset"), {"email": person.email})
    assert len(mail.outbox) == 2
    _to_files(outbox_dir)
    # Even one dressed up with our headers, as long as it is a registration template.
    _send(
        outbox_dir,
        "Reset",
        mentor.email,
        "link",
        organization=mentor.organization,
        template="registration/password_reset_email.html",
    )

    for viewer in (coordinator_client, client_for(stranger)):
        response = viewer.get(reverse("outbox"))
        assert response.context["emails"] == []
        assert "/reset/" not in response.content.decode()


def test_the_outbox_is_a_404_unless_mail_goes_to_files(
    coordinator_client: Client, settings
) -> None:
    settings.EMAIL_MODE = "smtp"
    assert coordinator_client.get(reverse("outbox")).status_code == 404


def test_participants_cannot_read_the_outbox(mentee: Employee, outbox_dir: Path) -> None:
    assert client_for(mentee).get(reverse("outbox")).status_code == 403


def test_an_inactive_coordinator_cannot_read_the_outbox(
    coordinator: Employee, outbox_dir: Path
) -> None:
    client = client_for(coordinator)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    assert client.get(reverse("outbox")).status_code == 403


def test_a_staff_sign_in_without_an_employee_cannot_read_the_outbox(
    db: None, outbox_dir: Path, django_user_model
) -> None:
    user = django_user_model.objects.create_user(
        email="ops@example.com", password="pw-long-enough-1"
    )
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)

    assert client.get(reverse("outbox")).status_code == 403


def test_an_empty_outbox_says_so(coordinator_client: Client, settings, tmp_path: Path) -> None:
    settings.EMAIL_MODE, settings.MAIL_DIR = "file", tmp_path / "none-yet"
    assert (
        "No email has been sent yet" in coordinator_client.get(reverse("outbox")).content.decode()
    )


def _failed_email(to: Employee) -> None:
    DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={
            "args": [],
            "kwargs": {
                "to": [to.email],
                "subject": "s",
                "body": "b",
                "organization_id": to.organization_id,
                "template": TEMPLATE,
            },
        },
        task_path=send_email.module_path,
        backend_name="default",
        queue_name="default",
        run_after="9999-01-01T00:00:00Z",
        exception_class_path="smtplib.SMTPServerDisconnected",
        traceback="",
    )


def test_failed_deliveries_are_counted_per_organisation(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    _failed_email(mentor)
    _failed_email(mentor)
    _failed_email(stranger)

    response = coordinator_client.get(reverse("outbox"))

    assert failed_deliveries(organization=mentor.organization) == 2
    assert "2 failed deliveries" in response.content.decode()
    assert "1 failed delivery" in client_for(stranger).get(reverse("outbox")).content.decode()


def test_a_failed_email_task_is_logged_with_its_name(
    mentor: Employee, settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.file.EmailBackend"}}
    caplog.set_level(logging.INFO, logger="django.tasks")

    result = send_email.enqueue(to=[mentor.email], subject="s", body="b")

    assert result.status == "FAILED"
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failed
    assert "remento.core.notifications.send_email" in failed[0].getMessage()


def test_an_admin_sees_the_outbox_too(organization: Organization, outbox_dir: Path) -> None:
    admin = employee_with_login(organization=organization, email="ad@acme.example", role=Role.ADMIN)
    assert client_for(admin).get(reverse("outbox")).status_code == 200


def test_the_program_page_shows_failed_deliveries(
    coordinator_client: Client, mentor: Employee, stranger: Employee
) -> None:
    from tests.relationships.builders import make_program

    program = make_program(mentor.organization)
    url = reverse("programs:detail", args=[program.pk])
    assert "failed deliver" not in coordinator_client.get(url).content.decode()
    _failed_email(stranger)  # another organisation's failure is not ours
    assert "failed deliver" not in coordinator_client.get(url).content.decode()

    _failed_email(mentor)

    assert "1 failed delivery" in coordinator_client.get(url).content.decode()
