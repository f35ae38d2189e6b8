"""The demo outbox: the notifications to the viewer's own organisation, nothing else, listed
from their records and read from their file only when one is opened."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from remento.core.models import EmailStatus, Organization, OutgoingEmail
from remento.core.notifications import email_after_commit, failed_deliveries, notify, send_email
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import EmployeeFactory, employee_with_login

TEMPLATE = "relationships/email/pair_started"


def _send(
    subject: str,
    to: Employee,
    body: str = "Hello.",
    *,
    organization: Organization | None = None,
    template: str = TEMPLATE,
) -> OutgoingEmail:
    """One notification through the real path: recorded and sent after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        email_after_commit(
            address=to.email,
            subject=subject,
            body=body,
            organization_id=(organization or to.organization).pk,
            template=template,
        )
    return OutgoingEmail.objects.latest("pk")


def _subjects(response: Any) -> list[str]:
    return [sent.subject for sent in response.context["emails"]]


def test_the_outbox_lists_sent_emails_newest_first_and_opens_one(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, mentee: Employee
) -> None:
    first = _send("First", mentor, "Hello — welcome.")
    _send("Second", mentee, "Hello.")

    response = coordinator_client.get(reverse("outbox"))

    assert _subjects(response) == ["Second", "First"]
    assert "Hello — welcome." not in response.content.decode()  # bodies only when opened
    opened = coordinator_client.get(reverse("outbox_email", args=[first.pk]))
    assert opened.status_code == 200
    assert opened.context["content"].text.strip() == "Hello — welcome."
    assert mentor.email in opened.content.decode()


def test_a_notification_is_recorded_when_queued_and_marked_when_sent(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee
) -> None:
    context = {"pair": SimpleNamespace(pk=1), "partner": mentor, "program": mentor}
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(to=mentor, template=TEMPLATE, context=context)
        assert not OutgoingEmail.objects.exists()  # nothing before the commit

    sent = OutgoingEmail.objects.get()
    assert (sent.organization_id, sent.recipient, sent.template) == (
        mentor.organization_id,
        mentor.email,
        TEMPLATE,
    )
    assert sent.subject == "Your mentoring pair with Maya Junior has started"
    assert sent.status == EmailStatus.SENT
    assert sent.sent_at is not None
    assert sent.task_id
    assert sent.message_id.startswith("<")
    assert (outbox_dir / sent.file_name).is_file()
    assert sent.message_id.encode() in (outbox_dir / sent.file_name).read_bytes()
    assert _subjects(coordinator_client.get(reverse("outbox"))) == [sent.subject]


def test_a_rolled_back_change_records_no_email(mentor: Employee, outbox_dir: Path) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        try:
            from django.db import transaction

            with transaction.atomic():
                email_after_commit(
                    address=mentor.email,
                    subject="Never",
                    body="x",
                    organization_id=mentor.organization_id,
                    template=TEMPLATE,
                )
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutgoingEmail.objects.exists()


def test_the_list_reads_no_mail_file(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee
) -> None:
    sent = _send("Kept in the table", mentor, "Body on disk")
    shutil.rmtree(outbox_dir)

    assert _subjects(coordinator_client.get(reverse("outbox"))) == ["Kept in the table"]
    opened = coordinator_client.get(reverse("outbox_email", args=[sent.pk]))
    assert opened.context["content"] is None
    assert "no longer in the demo's mail folder" in opened.content.decode()


def test_an_opened_email_is_found_by_its_message_id_among_others_in_its_file(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, mentee: Employee
) -> None:
    from django.core.mail import EmailMessage
    from django.core.mail.backends.filebased import EmailBackend

    messages = [
        EmailMessage(subject=s, body=f"Body of {s}", to=[p.email], headers={"Message-ID": m})
        for s, p, m in [("One", mentor, "<one@x>"), ("Two", mentee, "<two@x>")]
    ]
    backend = EmailBackend(file_path=str(outbox_dir))
    backend.send_messages(messages)  # one connection: both in one file
    file_name = Path(backend._fname or "").name  # type: ignore[attr-defined]
    for message, person in zip(messages, (mentor, mentee), strict=True):
        OutgoingEmail.objects.create(
            organization=person.organization,
            recipient=person.email,
            subject=str(message.subject),
            template=TEMPLATE,
            status=EmailStatus.SENT,
            message_id=message.extra_headers["Message-ID"],
            file_name=file_name,
        )
    two = OutgoingEmail.objects.get(subject="Two")

    opened = coordinator_client.get(reverse("outbox_email", args=[two.pk]))

    assert opened.context["content"].text.strip() == "Body of Two"


def test_a_record_naming_a_file_outside_the_mail_folder_shows_no_body(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, tmp_path: Path
) -> None:
    (tmp_path / "secret.log").write_text("Message-ID: <x@y>\n\nsecret")
    sent = _send("Odd", mentor)
    OutgoingEmail.objects.filter(pk=sent.pk).update(file_name="../secret.log", message_id="<x@y>")

    opened = coordinator_client.get(reverse("outbox_email", args=[sent.pk]))

    assert opened.context["content"] is None
    assert "secret" not in opened.content.decode().replace("secret.log", "")


def test_a_queued_email_says_it_is_not_sent_yet(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee
) -> None:
    queued = OutgoingEmail.objects.create(
        organization=mentor.organization, recipient=mentor.email, subject="Soon", template=TEMPLATE
    )

    page = coordinator_client.get(reverse("outbox_email", args=[queued.pk])).content.decode()

    assert "has not sent this email yet" in page
    assert "Queued" in coordinator_client.get(reverse("outbox")).content.decode()


def test_the_outbox_searches_subjects_and_recipients(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, mentee: Employee
) -> None:
    _send("Invitation", mentor, "Join us")
    _send("Waitlist", mentee, "Wait")

    by_recipient = coordinator_client.get(reverse("outbox"), {"q": "martin@"})
    by_subject = coordinator_client.get(reverse("outbox"), {"q": "INVIT"})

    assert _subjects(by_recipient) == ["Waitlist"]
    assert _subjects(by_subject) == ["Invitation"]
    assert by_subject.context["total"] == 1


def test_a_coordinator_of_another_organisation_sees_none_of_our_emails(
    outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    ours = _send("Ours", mentor, "Private")
    _send("Theirs", stranger, "Hi Sam")
    client = client_for(stranger)

    assert _subjects(client.get(reverse("outbox"))) == ["Theirs"]
    assert _subjects(client.get(reverse("outbox"), {"q": "Ours"})) == []
    assert client.get(reverse("outbox_email", args=[ours.pk])).status_code == 404
    again = client.post(reverse("outbox_email_send_again", args=[ours.pk]))
    assert again.status_code == 404


def test_an_email_to_an_address_outside_the_organisation_is_not_shown(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    # Recorded as ours but sent to someone who is not one of our people: not shown.
    odd = _send("Odd", stranger, "?", organization=mentor.organization)

    assert coordinator_client.get(reverse("outbox")).context["emails"] == []
    assert coordinator_client.get(reverse("outbox_email", args=[odd.pk])).status_code == 404


def test_an_email_to_someone_no_longer_in_the_directory_is_not_shown(
    coordinator_client: Client, outbox_dir: Path, organization: Organization
) -> None:
    leaver = EmployeeFactory.create(organization=organization, email="gone@acme.example")
    sent = _send("Farewell", leaver)
    leaver.delete()

    assert _subjects(coordinator_client.get(reverse("outbox"))) == []
    assert coordinator_client.get(reverse("outbox_email", args=[sent.pk])).status_code == 404


def test_account_emails_never_appear(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    for person in (mentor, stranger):
        Client().post(reverse("password_reset"), {"email": person.email})
    assert list(outbox_dir.glob("*.log"))  # Django wrote the resets to files, unrecorded
    # Even one recorded with our path, as long as its template is an account one.
    reset = _send("Reset", mentor, "link", template="registration/password_reset_email.html")
    signin = _send("Sign in", mentor, "link", template="people/email/sign_in_link")

    for viewer in (coordinator_client, client_for(stranger)):
        response = viewer.get(reverse("outbox"))
        assert response.context["emails"] == []
        assert "/reset/" not in response.content.decode()
    for hidden in (reset, signin):
        assert coordinator_client.get(reverse("outbox_email", args=[hidden.pk])).status_code == 404


def test_the_outbox_is_a_404_unless_mail_goes_to_files(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, settings: Any
) -> None:
    sent = _send("Hi", mentor)
    settings.EMAIL_MODE = "smtp"

    assert coordinator_client.get(reverse("outbox")).status_code == 404
    assert coordinator_client.get(reverse("outbox_email", args=[sent.pk])).status_code == 404


def test_participants_cannot_read_the_outbox(
    mentee: Employee, mentor: Employee, outbox_dir: Path
) -> None:
    sent = _send("Hi", mentee)
    client = client_for(mentee)

    assert client.get(reverse("outbox")).status_code == 403
    assert client.get(reverse("outbox_email", args=[sent.pk])).status_code == 403
    assert client.post(reverse("outbox_email_send_again", args=[sent.pk])).status_code == 403


def test_an_inactive_coordinator_cannot_read_the_outbox(
    coordinator: Employee, outbox_dir: Path
) -> None:
    client = client_for(coordinator)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    assert client.get(reverse("outbox")).status_code == 403


def test_a_staff_sign_in_without_an_employee_cannot_read_the_outbox(
    db: None, outbox_dir: Path, django_user_model: Any
) -> None:
    user = django_user_model.objects.create_user(
        email="ops@example.com", password="pw-long-enough-1"
    )
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)

    assert client.get(reverse("outbox")).status_code == 403


def test_an_empty_outbox_says_so(coordinator_client: Client, outbox_dir: Path) -> None:
    assert (
        "No email has been sent yet" in coordinator_client.get(reverse("outbox")).content.decode()
    )


def test_the_list_costs_the_same_queries_for_few_and_many_emails(
    coordinator: Employee,
    outbox_dir: Path,
    organization: Organization,
    django_assert_num_queries: Any,
) -> None:
    """Session, user, person and organisation; the count and the page; the failed count;
    the navigation's pending requests: eight, at any size and on any page."""
    client = client_for(coordinator)
    people = [EmployeeFactory.create(organization=organization) for _ in range(3)]

    def grow(count: int) -> None:
        OutgoingEmail.objects.bulk_create(
            OutgoingEmail(
                organization=organization,
                recipient=people[n % 3].email,
                subject=f"Message {n}",
                template=TEMPLATE,
                status=EmailStatus.SENT,
            )
            for n in range(count)
        )

    grow(3)
    with django_assert_num_queries(8):
        assert len(client.get(reverse("outbox")).context["emails"]) == 3
    grow(120)
    with django_assert_num_queries(8):
        page = client.get(reverse("outbox"))
    assert len(page.context["emails"]) == 50
    with django_assert_num_queries(8):
        following = client.get(reverse("outbox"), {"cursor": page.context["page"].next_cursor})
    assert following.context["page"].start == 51


def _failed_email(to: Employee) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        organization=to.organization,
        recipient=to.email,
        subject="s",
        template=TEMPLATE,
        status=EmailStatus.FAILED,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
    )


def test_failed_deliveries_are_counted_per_organisation(
    coordinator_client: Client, outbox_dir: Path, mentor: Employee, stranger: Employee
) -> None:
    _failed_email(mentor)
    failed = _failed_email(mentor)
    _failed_email(stranger)

    response = coordinator_client.get(reverse("outbox"))

    assert failed_deliveries(organization=mentor.organization) == 2
    assert "2 failed deliveries" in response.content.decode()
    assert "1 failed delivery" in client_for(stranger).get(reverse("outbox")).content.decode()
    opened = coordinator_client.get(reverse("outbox_email", args=[failed.pk])).content.decode()
    assert "SMTPServerDisconnected" in opened
    assert "Send it again" in opened


def test_a_failed_email_task_is_logged_with_its_name(
    mentor: Employee, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.file.EmailBackend"}}
    caplog.set_level(logging.INFO, logger="django.tasks")

    result = send_email.enqueue(to=[mentor.email], subject="s", body="b")

    assert result.status == "FAILED"
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failed
    assert "remento.core.notifications.send_email" in failed[0].getMessage()


def test_a_failed_notification_is_recorded_with_its_reason(mentor: Employee, settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.file.EmailBackend"}}

    sent = _send("Will fail", mentor)

    assert sent.status == EmailStatus.FAILED
    assert "file.EmailBackend" in sent.error
    assert failed_deliveries(organization=mentor.organization) == 1
    assert not mail.outbox


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


def test_erasing_a_person_forgets_the_records_of_the_emails_sent_to_them(
    admin: Employee, mentor: Employee, mentee: Employee, outbox_dir: Path
) -> None:
    from remento.people.services.personal_data import person_erase

    _send("Welcome, Maya Junior", mentor)
    kept = _send("Welcome, Martin", mentee)

    assert admin.user is not None
    person_erase(actor=admin.user, employee=mentor)

    assert list(OutgoingEmail.objects.all()) == [kept]


def test_after_an_erasure_no_email_names_the_person_or_shows_text_that_may(
    coordinator_client: Client,
    outbox_dir: Path,
    admin: Employee,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
) -> None:
    from remento.people.services.personal_data import person_erase
    from tests.factories import make_pair, make_program, user_of

    make_pair(make_program(mentor.organization), mentor, mentee)
    about = _send(f"You are paired with {mentor.display_name}", mentee, "Say hello.")
    to_partner = _send("Your pair has started", mentee, f"Meet {mentor.display_name}.")
    other = _send("A program notice", coordinator, "Nothing about anyone.")

    with TestCase.captureOnCommitCallbacks(execute=True):
        person_erase(actor=user_of(admin), employee=mentor)

    about.refresh_from_db()
    assert about.subject == "You are paired with Former participant"
    for sent in (about, to_partner):
        page = coordinator_client.get(reverse("outbox_email", args=[sent.pk])).text
        assert "may name someone whose data has since been erased" in page
        assert mentor.display_name not in page
    assert mentor.display_name not in coordinator_client.get(reverse("outbox")).text
    opened = coordinator_client.get(reverse("outbox_email", args=[other.pk]))
    assert opened.context["content"].text.strip() == "Nothing about anyone."
