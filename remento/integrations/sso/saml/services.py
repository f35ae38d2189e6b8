"""Changing an organisation's SAML connection (its admins only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import Organization, User
from remento.integrations.sso.models import MatchOn, Protocol, SsoConnection
from remento.integrations.sso.saml.keys import key_pair_generate
from remento.integrations.sso.saml.metadata import IdpMetadata, metadata_check, metadata_fetch
from remento.people.access import admin_of

SAVED = "sso.saml_saved"
TEST_STARTED = "sso.saml_test_started"
REFUSAL = "Only admins of this organisation may change its single sign-on."


@dataclass(frozen=True)
class SamlSettings:
    """What an admin fills in on the SAML settings page."""

    idp_metadata_url: str = ""
    idp_metadata_xml: str = ""
    match_on: str = MatchOn.EMAIL
    match_claim: str = "email"
    email_claim: str = ""
    allowed_domains: list[str] = field(default_factory=list)
    enabled: bool = False
    label: str = "your company account"


def _metadata(values: SamlSettings) -> tuple[str, IdpMetadata]:
    url, xml = values.idp_metadata_url.strip(), values.idp_metadata_xml.strip()
    if url and xml:
        raise FieldErrors(
            {"idp_metadata_xml": "Give either the metadata URL or the metadata XML, not both."}
        )
    if url:
        xml = metadata_fetch(url)
        return xml, metadata_check(xml, field="idp_metadata_url")
    if not xml:
        raise FieldErrors(
            {
                "idp_metadata_url": "Give the identity provider's metadata URL, or paste its "
                "metadata XML below."
            }
        )
    return xml, metadata_check(xml)


def _check_matching(organization: Organization, values: SamlSettings) -> None:
    errors: dict[str, str] = {}
    if values.match_on not in MatchOn.values:
        errors["match_on"] = "Choose the work email or the employee id."
    if not values.match_claim.strip():
        errors["match_claim"] = "Name the attribute that carries the work email or employee id."
    outside = [d for d in values.allowed_domains if d not in organization.email_domains]
    if outside:
        declared = ", ".join(organization.email_domains) or "none yet"
        errors["allowed_domains"] = (
            f"{', '.join(outside)}: not an email domain of {organization.name} "
            f"(declared: {declared})."
        )
    if errors:
        raise FieldErrors(errors)


@transaction.atomic
def saml_connection_save(
    *, actor: User, organization: Organization, values: SamlSettings
) -> SsoConnection:
    """Create or change the organisation's SAML connection. The identity provider's
    metadata is fetched (from its URL) and checked now, and stored: sign-ins never fetch
    it. Remento's key pair for the connection is made on the first save. ``FieldErrors``
    names each bad field; nothing is written then."""
    admin_of(actor, organization.pk, refusal=REFUSAL)
    _check_matching(organization, values)
    xml, idp = _metadata(values)
    connection, created = SsoConnection.objects.select_for_update().get_or_create(
        organization=organization, protocol=Protocol.SAML
    )
    if xml != connection.idp_metadata_xml:
        # A different identity provider (or keys) has not been proved by a test sign-in.
        connection.tested_at = None
    connection.idp_metadata_url = values.idp_metadata_url.strip()
    connection.idp_metadata_xml = xml
    connection.match_on = values.match_on
    connection.match_claim = values.match_claim.strip()
    connection.email_claim = values.email_claim.strip()
    connection.allowed_domains = list(values.allowed_domains)
    connection.enabled = values.enabled
    connection.label = values.label.strip() or "your company account"
    if not connection.sp_certificate:
        pair = key_pair_generate(common_name=f"Remento {organization.slug}")
        connection.sp_certificate = pair.certificate_pem
        connection.sp_private_key_encrypted = pair.private_key_encrypted
    connection.save()
    audit_log(
        actor=actor,
        organization=organization,
        verb=SAVED,
        target=connection,
        data={
            "created": created,
            "idp_entity_id": idp.entity_id,
            "metadata_from": "url" if connection.idp_metadata_url else "xml",
            "enabled": connection.enabled,
            "match_on": connection.match_on,
            "match_claim": connection.match_claim,
        },
    )
    return connection


@transaction.atomic
def saml_test_start(*, actor: User, connection: SsoConnection) -> None:
    """Record that an admin starts a test sign-in (the page then runs it in their session:
    it shows what the identity provider sent and signs nobody in)."""
    admin_of(actor, connection.organization_id, refusal=REFUSAL)
    audit_log(
        actor=actor, organization=connection.organization, verb=TEST_STARTED, target=connection
    )
