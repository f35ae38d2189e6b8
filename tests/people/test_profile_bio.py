"""The short bio a person writes on their profile, read by partners on suggestion cards."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import BIO_MAX, Employee
from tests.people.test_profile_views import form_data

PROFILE = reverse("people:profile_edit")


def test_a_person_writes_their_bio_on_the_profile_page(
    mentor: Employee, mentor_client: Client
) -> None:
    assert 'name="bio"' in mentor_client.get(PROFILE).text

    response = mentor_client.post(PROFILE, form_data(bio="  I run our TikTok channel.  "))

    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.bio == "I run our TikTok channel."
    assert AuditEvent.objects.get(verb="employee.profile_update").data["bio"] == mentor.bio


def test_a_bio_too_long_is_refused_beside_its_field_and_nothing_is_saved(
    mentor: Employee, mentor_client: Client
) -> None:
    response = mentor_client.post(PROFILE, form_data(bio="x" * (BIO_MAX + 1)))

    assert response.status_code == 200  # the page again, with the error
    assert f"at most {BIO_MAX} characters" in response.text
    mentor.refresh_from_db()
    assert mentor.bio == ""
