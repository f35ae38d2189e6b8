"""organization_setup: a new tenant with the skills catalogue, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization, User
from remento.people.catalogue import INTERESTS, SKILLS
from remento.people.services.organization import organization_setup


@pytest.mark.django_db
def test_setup_creates_the_organisation_with_the_catalogue_and_an_audit_event() -> None:
    organization = organization_setup(name="  Globex  ", slug="globex")

    assert organization.name == "Globex"
    assert organization.max_level == 10
    assert organization.skills.count() == len(SKILLS)
    assert organization.interests.count() == len(INTERESTS)
    event = AuditEvent.objects.get(organization=organization, verb="organization.setup")
    assert event.actor is None
    assert event.data["skills"] == len(SKILLS)


@pytest.mark.django_db
def test_a_superuser_may_set_up_an_organisation_and_is_recorded_as_the_actor() -> None:
    root = User.objects.create_superuser(email="root@example.com", password="x")

    organization = organization_setup(name="Initech", slug="initech", actor=root)

    assert AuditEvent.objects.get(organization=organization).actor == root


@pytest.mark.django_db
def test_an_ordinary_user_may_not_set_up_an_organisation() -> None:
    user = User.objects.create_user(email="someone@example.com", password="x")

    with pytest.raises(PermissionDenied):
        organization_setup(name="Initech", slug="initech", actor=user)

    assert not Organization.objects.filter(slug="initech").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "slug", "message"),
    [
        ("", "blank", "name: an organisation needs a name."),
        ("Bad", "Not A Slug", "slug: 'Not A Slug' is not a valid slug"),
        ("Bad", "", "slug: '' is not a valid slug"),
    ],
)
def test_bad_name_or_slug_is_refused_with_the_field_named(
    name: str, slug: str, message: str
) -> None:
    with pytest.raises(ServiceError, match=message.replace("(", r"\(")):
        organization_setup(name=name, slug=slug)

    assert not Organization.objects.exists()


def test_a_taken_slug_is_refused_and_nothing_is_written(organization: Organization) -> None:
    with pytest.raises(ServiceError, match="slug: an organisation with the slug 'acme'"):
        organization_setup(name="Acme again", slug="acme")

    assert Organization.objects.filter(slug="acme").get().name == "Acme Retail"
    assert not organization.skills.exists()
