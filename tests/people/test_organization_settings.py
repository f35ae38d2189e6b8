"""The organisation's settings page: its admins declare its email domains."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization
from remento.people.models import Employee
from remento.people.services.organization import (
    organization_email_domains_set,
    organization_rename,
    organization_setup,
)
from tests.conftest import client_for

URL = "people:organization_settings"


def test_an_admin_declares_the_domains_which_are_cleaned_and_audited(
    admin: Employee, organization: Organization
) -> None:
    client = client_for(admin)
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert "acme.example" in page.text

    response = client.post(
        reverse(URL), {"email_domains": "Acme.example, @acme.co.uk\nacme.example"}
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.email_domains == ["acme.example", "acme.co.uk"]
    event = AuditEvent.objects.get(verb="organization.email_domains_set")
    assert event.actor == admin.user
    assert event.data == {"before": ["acme.example"], "after": ["acme.example", "acme.co.uk"]}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("not a domain!", "is not a domain name"),
        ("localhost", "is not a domain name"),
        ("", "This field is required."),
    ],
)
def test_a_bad_domain_is_refused_beside_the_field(
    admin: Employee, organization: Organization, typed: str, message: str
) -> None:
    response = client_for(admin).post(reverse(URL), {"email_domains": typed})

    assert response.status_code == 422
    assert message in response.text
    organization.refresh_from_db()
    assert organization.email_domains == ["acme.example"]


def test_a_domain_active_people_still_use_cannot_be_dropped(
    admin: Employee, organization: Organization
) -> None:
    client_for(admin).post(reverse(URL), {"email_domains": "acme.example, acme.co.uk"})

    response = client_for(admin).post(reverse(URL), {"email_domains": "acme.co.uk"})

    assert response.status_code == 422
    assert "acme.example is the domain of the work email of 1 active person" in response.text
    organization.refresh_from_db()
    assert organization.email_domains == ["acme.example", "acme.co.uk"]
    # A domain nobody uses goes.
    assert (
        client_for(admin).post(reverse(URL), {"email_domains": "acme.example"}).status_code == 302
    )


def test_a_domain_of_another_organisation_cannot_be_claimed(
    admin: Employee, organization: Organization, stranger: Employee
) -> None:
    response = client_for(admin).post(reverse(URL), {"email_domains": "other.example"})

    assert response.status_code == 422
    assert "already declared by another organisation" in response.text
    organization.refresh_from_db()
    assert organization.email_domains == ["acme.example"]


def test_only_an_admin_of_the_organisation_opens_or_changes_its_settings(
    coordinator_client: Client, stranger: Employee, organization: Organization
) -> None:
    assert coordinator_client.get(reverse(URL)).status_code == 403
    assert coordinator_client.post(reverse(URL), {"email_domains": "x.example"}).status_code == 403
    # Another organisation's admin changes their own organisation, never ours.
    with pytest.raises(PermissionDenied):
        organization_email_domains_set(
            actor=stranger.user, organization=organization, email_domains=["x.example"]
        )
    organization.refresh_from_db()
    assert organization.email_domains == ["acme.example"]


def test_an_organisation_is_set_up_with_its_domains_and_none_is_taken_twice(db: None) -> None:
    globex = organization_setup(name="Globex", slug="globex", email_domains=["Globex.com"])

    assert globex.email_domains == ["globex.com"]
    with pytest.raises(ServiceError, match=r"email_domains: globex\.com is already declared"):
        organization_setup(name="Copycat", slug="copycat", email_domains=["globex.com"])
    assert not Organization.objects.filter(slug="copycat").exists()


def test_an_admin_renames_the_organisation_and_it_is_audited(
    admin: Employee, organization: Organization, coordinator: Employee
) -> None:
    client = client_for(admin)
    assert 'value="Acme' in client.get(reverse(URL)).text

    response = client.post(reverse(URL), {"name": "  Acme   Group ", "save_name": "1"})

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Acme Group"
    assert organization.email_domains == ["acme.example"]  # the other form is left alone
    event = AuditEvent.objects.get(verb="organization.renamed")
    assert event.data["after"] == "Acme Group"
    assert "Settings of Acme Group" in client.get(reverse(URL)).text

    empty = client.post(reverse(URL), {"name": "   ", "save_name": "1"})
    assert empty.status_code == 422
    assert "This field is required." in empty.text
    with pytest.raises(PermissionDenied):
        organization_rename(actor=coordinator.user, organization=organization, name="Mine")
    organization.refresh_from_db()
    assert organization.name == "Acme Group"
