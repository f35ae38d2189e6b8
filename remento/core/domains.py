"""An organisation's email domains: the one place that reads, checks and compares them.

An organisation declares the domains its people's work emails have; the HRIS import refuses
any other address. A domain belongs to one organisation only, so that no organisation can
import (and so give sign-ins to) the people of another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import DomainNameValidator

from remento.core.errors import ServiceError
from remento.core.models import Organization

MAX_DOMAINS = 20
_validate_domain = DomainNameValidator(accept_idna=False)


def email_domains_parse(text: str) -> list[str]:
    """The domains of ``text`` (separated by commas, spaces or line breaks), cleaned."""
    return email_domains_clean(part for part in re.split(r"[\s,;]+", text) if part)


def email_domains_clean(domains: Iterable[str]) -> list[str]:
    """Lowercase, de-duplicated, in the order given; ``@acme.example`` reads as
    ``acme.example``. Raises ``ServiceError`` naming the field and the bad domain."""
    cleaned: list[str] = []
    for raw in domains:
        domain = raw.strip().lstrip("@").rstrip(".").lower()
        if not domain:
            continue
        try:
            _validate_domain(domain)
        except ValidationError:
            raise ServiceError(
                f"email_domains: {raw.strip()!r} is not a domain name (for example acme.com)."
            ) from None
        if domain not in cleaned:
            cleaned.append(domain)
    if len(cleaned) > MAX_DOMAINS:
        raise ServiceError(f"email_domains: at most {MAX_DOMAINS} domains, not {len(cleaned)}.")
    return cleaned


def _overlap(domain: str, other: str) -> bool:
    """Whether ``domain`` is ``other``, or one of them is a subdomain of the other: whoever
    holds ``acme.com`` holds ``uk.acme.com`` too, so neither may go to another organisation."""
    return domain == other or domain.endswith(f".{other}") or other.endswith(f".{domain}")


def email_domains_check_free(domains: Iterable[str], *, organization: Organization | None) -> None:
    """Refuse domains another organisation has declared, their subdomains and the domains
    above them (``ServiceError``). Reads every organisation's list once: there are few
    organisations, and JSON lookups differ between SQLite and PostgreSQL."""
    others = Organization.objects.all()
    if organization is not None and organization.pk is not None:
        others = others.exclude(pk=organization.pk)
    taken = {
        domain for listed in others.values_list("email_domains", flat=True) for domain in listed
    }
    clash = [domain for domain in domains if any(_overlap(domain, other) for other in taken)]
    if clash:
        raise ServiceError(
            f"email_domains: {', '.join(clash)} "
            f"{'is' if len(clash) == 1 else 'are'} already declared by another organisation "
            "(itself, a domain above it or a subdomain); a domain and its subdomains belong to "
            "one organisation only (ask the platform operator if it is yours)."
        )
