"""Sign-in, sign-out and the password-reset pages."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core import mail
from django.test import Client
from django.urls import reverse

from remento.people.models import Employee
from tests.conftest import client_for
from tests.factories import PASSWORD

RESET = reverse("password_reset")
NEW_PASSWORD = "a-brand-new-long-passphrase"


def reset_link(client: Client, email: str) -> str:
    """Ask for a reset of ``email`` and return the path of the link the email carries."""
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    match = re.search(r"https?://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match is not None, message.body
    return match.group(1)


def test_the_reset_page_asks_for_a_work_email(db: None) -> None:
    response = Client().get(RESET)

    assert response.status_code == 200
    assert 'name="email"' in response.text
    assert "Set your password" in response.text


def test_a_first_password_leads_on_to_the_invitation_that_asked_for_a_sign_in(
    mentor: Employee,
) -> None:
    """An invitation's link lands a person with no password on the sign-in page: it offers
    to set one, and once set, signing in goes on to the invitation (it went home)."""
    invitation = reverse("enrollment:invitation", args=[7])
    client = Client()
    login = client.get(reverse("login"), {"next": invitation}).text
    offered = f'href="{RESET}?next={quote(invitation)}"'
    assert "First time here" in login
    assert offered in login.replace("&amp;", "&")

    client.get(RESET, {"next": invitation})
    link = reset_link(client, mentor.email)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    done = client.get(reverse("password_reset_complete")).text

    assert f'href="{reverse("login")}?next={quote(invitation)}"' in done
    signed_in = client.post(
        reverse("login"), {"username": mentor.email, "password": NEW_PASSWORD, "next": invitation}
    )
    assert signed_in["Location"] == invitation


def test_a_next_address_elsewhere_is_not_kept_through_the_reset(db: None) -> None:
    client = Client()
    client.get(RESET, {"next": "https://evil.example/phish"})

    done = client.get(reverse("password_reset_complete")).text

    assert "evil.example" not in done
    assert f'href="{reverse("login")}"' in done


def test_a_reset_email_carries_a_link_that_sets_a_new_password_to_sign_in_with(
    mentor: Employee,
) -> None:
    client = Client()
    link = reset_link(client, mentor.email)
    (message,) = mail.outbox
    assert message.to == [mentor.email]
    assert "Remento" in message.subject + message.body

    # The link leads (once, via a redirect that hides the token) to the new-password form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.text
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert client.get(reverse("password_reset_complete")).status_code == 200

    assert not Client().login(username=mentor.email, password=PASSWORD)
    signed_in = Client()
    response = signed_in.post(
        reverse("login"), {"username": mentor.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in.get(reverse("home")).status_code == 200


def test_a_reset_link_works_only_once(mentor: Employee) -> None:
    client = Client()
    link = reset_link(client, mentor.email)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert 'name="new_password1"' not in again.text


def test_an_unknown_email_reveals_nothing_and_sends_nothing(mentor: Employee) -> None:
    known = Client().post(RESET, {"email": mentor.email})
    mail.outbox.clear()

    unknown = Client().post(RESET, {"email": "nobody@acme.example"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    done = Client().get(reverse("password_reset_done"))
    assert "nobody@acme.example" not in done.text


def test_someone_whose_sign_in_is_switched_off_gets_no_reset_email(mentor: Employee) -> None:
    assert mentor.user is not None
    mentor.user.is_active = False
    mentor.user.save(update_fields=["is_active"])

    response = Client().post(RESET, {"email": mentor.email})

    assert response.status_code == 302
    assert mail.outbox == []


def test_signing_out_ends_the_session(mentor: Employee) -> None:
    client = client_for(mentor)
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post(mentor: Employee) -> None:
    client = client_for(mentor)

    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200


def test_pages_show_a_sign_out_button_to_signed_in_people(mentor: Employee) -> None:
    page = client_for(mentor).get(reverse("home"))

    assert f'action="{reverse("logout")}"' in page.text
    assert "Sign out" in page.text


def test_a_platform_operator_signing_in_lands_on_the_django_admin(db: None) -> None:
    from tests.factories import UserFactory

    UserFactory(email="ops@platform.example", is_staff=True, is_superuser=True)
    client = Client()

    response = client.post(
        reverse("login"), {"username": "ops@platform.example", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200


def test_a_sign_in_without_a_person_and_without_staff_rights_is_still_refused(db: None) -> None:
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(email="nobody@platform.example"))

    assert client.get(reverse("home")).status_code == 403
