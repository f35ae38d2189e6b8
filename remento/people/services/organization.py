"""Setting up an organisation (a tenant) and its own settings, kept by its admins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from remento.core.audit import audit_log
from remento.core.domains import email_domains_check_free, email_domains_clean
from remento.core.errors import ServiceError
from remento.core.models import Organization, User
from remento.core.words import count_of
from remento.people.access import admin_of
from remento.people.catalogue import skill_catalogue_install
from remento.people.models import Employee


@transaction.atomic
def organization_email_domains_set(
    *, actor: User, organization: Organization, email_domains: Sequence[str]
) -> Organization:
    """Declare the email domains of ``organization``'s people (the HRIS import refuses any
    other address).

    Only an active admin of the organisation may (``PermissionDenied``). ``ServiceError``
    (naming ``email_domains``) for a malformed domain, more than the maximum, none at all,
    or a domain another organisation has declared. Audited with the lists before and after.
    """
    locked = _locked_for_change(actor, organization)
    domains = email_domains_clean(email_domains)
    if not domains:
        raise ServiceError("email_domains: declare at least one domain, or nobody can be imported.")
    email_domains_check_free(domains, organization=locked)
    _check_domains_in_use(locked, removed=[d for d in locked.email_domains if d not in domains])
    return _setting_save(
        actor, organization, locked, "email_domains", domains, verb="organization.email_domains_set"
    )


NAME_MAX = 200


@transaction.atomic
def organization_rename(*, actor: User, organization: Organization, name: str) -> Organization:
    """Give ``organization`` a new name (shown on every page, email and report from now on;
    what was sent before keeps the old one). Only an active admin of the organisation may
    (``PermissionDenied``); ``ServiceError`` naming ``name`` for an empty or too long one.
    Audited with the names before and after."""
    locked = _locked_for_change(actor, organization)
    name = " ".join(name.split())
    if not name:
        raise ServiceError("name: give the organisation a name.")
    if len(name) > NAME_MAX:
        raise ServiceError(f"name: keep the name to {NAME_MAX} characters.")
    return _setting_save(actor, organization, locked, "name", name, verb="organization.renamed")


def _locked_for_change(actor: User, organization: Organization) -> Organization:
    """``organization`` re-read under a row lock, once ``actor`` is found to be one of its
    active admins (``PermissionDenied`` otherwise)."""
    admin_of(
        actor,
        organization.pk,
        refusal="Only an admin of this organisation may change its settings.",
    )
    return Organization.objects.select_for_update().get(pk=organization.pk)


def _setting_save(
    actor: User,
    organization: Organization,
    locked: Organization,
    field: str,
    value: Any,
    *,
    verb: str,
) -> Organization:
    """Write one setting on ``locked`` (and the caller's ``organization``), audited with the
    values before and after; nothing when it does not change."""
    before = getattr(locked, field)
    if before == value:
        return locked
    setattr(locked, field, value)
    locked.save(update_fields=[field, "updated_at"])
    audit_log(
        actor=actor,
        organization=locked,
        verb=verb,
        target=locked,
        data={"before": before, "after": value},
    )
    setattr(organization, field, value)
    return locked


def _check_domains_in_use(organization: Organization, *, removed: Sequence[str]) -> None:
    """Refuse to drop a domain active people's work emails still use: their next HRIS
    import would be refused and single sign-on would turn them away. A query per domain."""
    for domain in removed:
        using = Employee.objects.filter(
            organization=organization, is_active=True, email__iendswith=f"@{domain}"
        ).count()
        if using:
            raise ServiceError(
                f"email_domains: {domain} is the domain of the work email of "
                f"{count_of(using, 'active person', 'active people')}: keep it while they use "
                "it (without it, the HRIS import refuses their rows and single sign-on turns "
                "them away)."
            )


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
