"""The demo's Outbox shows staff the bodies of the program's own notices only: an email that
carries a pair's or a person's own words (a meeting's place and agenda, why a pair ended, a
request and its answer) shows its record alone, unless it was sent to the viewer. The
leaks themselves (a meeting invitation, a "pair closed" email) are pinned in
``tests/security/test_attack_issue20.py``."""

from __future__ import annotations

import pytest
from django.template.loader import get_template
from django.test import Client, TestCase
from django.urls import reverse

from remento.core.models import OutgoingEmail
from remento.core.notifications import email_after_commit
from remento.people.models import Employee
from remento.people.outbox import STAFF_READABLE_TEMPLATES

PRIVATE = "relationships/email/meeting_proposed"
NOTICE = "enrollment/email/invited"


def _send(to: Employee, template: str, body: str) -> OutgoingEmail:
    with TestCase.captureOnCommitCallbacks(execute=True):
        email_after_commit(
            address=to.email,
            subject="A subject",
            body=body,
            organization_id=to.organization_id,
            template=template,
        )
    return OutgoingEmail.objects.latest("pk")


def _opened(client: Client, sent: OutgoingEmail) -> str:
    response = client.get(reverse("outbox_email", args=[sent.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.usefixtures("outbox_dir")
def test_a_pairs_own_words_show_as_a_record_without_its_body(
    coordinator_client: Client, mentor: Employee
) -> None:
    sent = _send(mentor, PRIVATE, "Meet at Flat 3, 12 Private Road.")

    page = _opened(coordinator_client, sent)

    assert "Private Road" not in page
    assert "only " + mentor.email + " may read" in page
    assert "A subject" in page  # the record still says what went, to whom, when


@pytest.mark.usefixtures("outbox_dir")
def test_the_programs_own_notice_shows_its_body(
    coordinator_client: Client, mentor: Employee
) -> None:
    sent = _send(mentor, NOTICE, "You are invited to the pilot.")

    assert "You are invited to the pilot." in _opened(coordinator_client, sent)


@pytest.mark.usefixtures("outbox_dir")
def test_staff_read_the_body_of_a_private_email_sent_to_them(
    coordinator_client: Client, coordinator: Employee
) -> None:
    sent = _send(coordinator, PRIVATE, "Meet at Flat 3, 12 Private Road.")

    assert "Private Road" in _opened(coordinator_client, sent)


@pytest.mark.parametrize("template", sorted(STAFF_READABLE_TEMPLATES))
def test_every_readable_notice_is_a_template_that_exists(template: str) -> None:
    """A name mistyped in the list would withhold nothing harmful but show nothing either;
    each must be a notification the product sends (its text body exists)."""
    get_template(f"{template}.txt")
