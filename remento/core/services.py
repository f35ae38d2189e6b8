"""Services of the core app: setting up a tenant."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from remento.core.audit import audit_log
from remento.core.domains import email_domains_check_free, email_domains_clean
from remento.core.errors import ServiceError
from remento.core.models import Organization, User
from remento.people.catalogue import skill_catalogue_install


@transaction.atomic
def organization_setup(
    *, name: str, slug: str, actor: User | None = None, email_domains: Sequence[str] = ()
) -> Organization:
    """Create an organisation, ready to use: the default level ladder and the skills catalogue.

    ``email_domains`` are its people's email domains (the import accepts only those); an
    organisation set up without any declares them on its settings page before importing.

    ``actor`` is None when the platform itself acts (a management command, the demo);
    a person must be a superuser, since an organisation is a tenant of the whole platform.
    Raises ``ServiceError`` for an empty name, a malformed slug or a slug already taken.
    """
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied("Only a platform superuser may set up an organisation.")
    name = name.strip()
    if not name:
        raise ServiceError("name: an organisation needs a name.")
    if not slug or slugify(slug) != slug or len(slug) > 80:
        raise ServiceError(
            f"slug: {slug!r} is not a valid slug (up to 80 lowercase letters, digits, hyphens)."
        )
    if Organization.objects.filter(slug=slug).exists():
        raise ServiceError(f"slug: an organisation with the slug {slug!r} exists already.")
    domains = email_domains_clean(email_domains)
    email_domains_check_free(domains, organization=None)
    organization = Organization.objects.create(name=name, slug=slug, email_domains=domains)
    skills, interests = skill_catalogue_install(organization=organization)
    audit_log(
        actor=actor,
        organization=organization,
        verb="organization.setup",
        target=organization,
        data={
            "name": name,
            "slug": slug,
            "email_domains": domains,
            "skills": skills,
            "interests": interests,
        },
    )
    return organization
