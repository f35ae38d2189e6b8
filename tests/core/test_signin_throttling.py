"""Sign-in throttling and lockout (django-axes), the admin's audited unlock, and the audit of
every sign-in."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import Employee, Role
from tests.conftest import client_for
from tests.factories import PASSWORD, OrganizationFactory, employee_with_login

LOGIN = reverse("login")
LIMIT = 5  # AXES_FAILURE_LIMIT's default
ADDRESS_LIMIT = 50  # REMENTO_SIGNIN_ADDRESS_FAILURE_LIMIT's default


def sign_in(client: Client, email: str, password: str = PASSWORD) -> int:
    return client.post(LOGIN, {"username": email, "password": password}).status_code


def fail(client: Client, email: str, times: int = LIMIT) -> None:
    for _ in range(times):
        sign_in(client, email, "not-the-password")


def test_repeated_failures_pause_the_account_with_a_page_that_says_how_long_and_whom_to_ask(
    mentor: Employee,
) -> None:
    client = Client()
    fail(client, mentor.email, LIMIT - 1)
    assert sign_in(client, mentor.email, "still-wrong") == 429

    response = client.post(LOGIN, {"username": mentor.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Sign-in paused for 15 minutes" in response.text
    assert "organisation admin" in response.text
    assert reverse("password_reset") in response.text


def test_the_pause_follows_the_account_to_other_client_addresses(mentor: Employee) -> None:
    fail(Client(REMOTE_ADDR="10.0.0.1"), mentor.email.upper())

    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), mentor.email) == 429


def test_one_client_address_trying_many_accounts_is_paused(mentor: Employee) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for number in range(ADDRESS_LIMIT - 1):
        sign_in(attacker, f"guess{number}@acme.example", "password1")
    assert sign_in(attacker, "one-more-guess@acme.example", "password1") == 429

    response = attacker.post(LOGIN, {"username": mentor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert f"or {ADDRESS_LIMIT} times from your network" in response.text
    assert sign_in(Client(REMOTE_ADDR="10.0.0.10"), mentor.email) == 302


def test_colleagues_typos_from_one_office_address_pause_nobody_else(mentor: Employee) -> None:
    office = "192.0.2.40"
    for number in range(3):
        colleague = f"colleague{number}@acme.example"
        fail(Client(REMOTE_ADDR=office), colleague, LIMIT - 1)
        assert sign_in(Client(REMOTE_ADDR=office), colleague, "typo-again") == 429

    # Fifteen failures from the office: each colleague's own account waits, nobody else does.
    assert sign_in(Client(REMOTE_ADDR=office), mentor.email) == 302


def test_a_pause_ends_by_itself_after_the_cool_off(mentor: Employee) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        fail(Client(), mentor.email)
        assert sign_in(Client(), mentor.email) == 429
        # Trying while paused does not extend the pause.
        with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
            assert sign_in(Client(), mentor.email, "wrong-again") == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert sign_in(Client(), mentor.email) == 302


def test_the_existing_personas_still_sign_in_many_times(mentor: Employee) -> None:
    for _ in range(LIMIT + 2):
        assert sign_in(Client(), mentor.email) == 302


def test_an_admin_unlocks_a_paused_person_of_their_organisation_and_it_is_audited(
    admin: Employee, mentor: Employee
) -> None:
    fail(Client(REMOTE_ADDR="10.0.0.1"), mentor.email)
    admin_client = client_for(admin)
    page = admin_client.get(reverse("people:audit_list"))
    assert "Paused sign-ins" in page.text
    assert mentor.email in page.text

    response = admin_client.post(reverse("people:signin_unlock", args=[mentor.pk]))

    assert response.status_code == 302
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), mentor.email) == 302
    event = AuditEvent.objects.get(verb="signin.unlocked")
    assert event.actor_id == admin.user_id
    assert event.organization_id == admin.organization_id
    assert event.target_id == str(mentor.pk)
    assert "Paused sign-ins" not in admin_client.get(reverse("people:audit_list")).text


def test_an_admin_of_another_organisation_cannot_unlock_our_people(mentor: Employee) -> None:
    other_admin = employee_with_login(
        organization=OrganizationFactory(slug="elsewhere"),
        email="olga@elsewhere.example",
        role=Role.ADMIN,
    )
    fail(Client(REMOTE_ADDR="10.0.0.1"), mentor.email)
    other = client_for(other_admin)

    assert other.post(reverse("people:signin_unlock", args=[mentor.pk])).status_code == 404
    assert mentor.email not in other.get(reverse("people:audit_list")).text
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), mentor.email) == 429
    assert not AuditEvent.objects.filter(verb="signin.unlocked").exists()


def test_a_coordinator_or_participant_cannot_unlock(
    coordinator_client: Client, mentee_client: Client, mentor: Employee
) -> None:
    fail(Client(REMOTE_ADDR="10.0.0.1"), mentor.email)
    url = reverse("people:signin_unlock", args=[mentor.pk])

    assert coordinator_client.post(url).status_code == 403
    assert mentee_client.post(url).status_code == 403
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), mentor.email) == 429


def test_a_successful_sign_in_is_audited_in_the_persons_organisation(mentor: Employee) -> None:
    assert sign_in(Client(REMOTE_ADDR="10.1.2.3"), mentor.email) == 302

    event = AuditEvent.objects.get(verb="signin.succeeded")
    assert event.actor_id == mentor.user_id
    assert event.organization_id == mentor.organization_id
    assert event.data["ip"] == "10.1.2.3"


def test_a_failed_sign_in_of_a_known_account_is_audited_in_its_organisation(
    mentor: Employee,
) -> None:
    sign_in(Client(), mentor.email.upper(), "wrong")

    event = AuditEvent.objects.get(verb="signin.failed")
    assert event.organization_id == mentor.organization_id
    assert event.actor_id is None
    assert (event.target_type, event.target_id) == ("core.user", str(mentor.user_id))


def without_tokens(html: str, email: str) -> str:
    """The page without what differs by request: CSRF tokens and the email typed."""
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", html).replace(
        email, "X"
    )


def test_a_failed_sign_in_of_an_unknown_email_is_audited_without_revealing_anything(
    mentor: Employee,
) -> None:
    known = Client().post(LOGIN, {"username": mentor.email, "password": "wrong"})
    unknown = Client().post(LOGIN, {"username": "nobody@acme.example", "password": "wrong"})

    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.text, mentor.email) == without_tokens(
        unknown.text, "nobody@acme.example"
    )
    event = AuditEvent.objects.filter(verb="signin.failed").exclude(target_type="core.user").get()
    assert event.organization_id is None
    assert event.data["known_account"] is False
    assert "nobody" not in str(event.data)
    assert event.data["email_digest"]


def test_repeated_tries_of_an_unknown_email_pause_it_just_like_a_real_account(db: None) -> None:
    fail(Client(REMOTE_ADDR="10.0.0.1"), "nobody@acme.example")

    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "nobody@acme.example", "x") == 429
    assert AuditEvent.objects.filter(verb="signin.locked_out").exists()


def test_setting_a_new_password_with_a_reset_link_lifts_the_pause(mentor: Employee) -> None:
    from tests.core.test_auth_pages import NEW_PASSWORD, reset_link

    fail(Client(REMOTE_ADDR="10.0.0.1"), mentor.email)
    client = Client(REMOTE_ADDR="10.0.0.2")
    set_password_url = client.get(reset_link(client, mentor.email), follow=True).redirect_chain[-1][
        0
    ]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert sign_in(Client(REMOTE_ADDR="10.0.0.3"), mentor.email, NEW_PASSWORD) == 302
    event = AuditEvent.objects.get(verb="password_reset.completed")
    assert event.organization_id == mentor.organization_id


def test_the_django_admin_sign_in_goes_through_the_one_throttled_page(db: None) -> None:
    response = Client().get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"
