"""An organisation's own settings, kept by its admins."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.domains import email_domains_check_free, email_domains_clean
from remento.core.errors import ServiceError
from remento.core.models import Organization, User
from remento.people.access import admin_of


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
    admin_of(
        actor,
        organization.pk,
        refusal="Only an admin of this organisation may change its settings.",
    )
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    domains = email_domains_clean(email_domains)
    if not domains:
        raise ServiceError("email_domains: declare at least one domain, or nobody can be imported.")
    email_domains_check_free(domains, organization=locked)
    before = list(locked.email_domains)
    if before == domains:
        return locked
    locked.email_domains = domains
    locked.save(update_fields=["email_domains", "updated_at"])
    audit_log(
        actor=actor,
        organization=locked,
        verb="organization.email_domains_set",
        target=locked,
        data={"before": before, "after": domains},
    )
    organization.email_domains = domains
    return locked
