"""The identity provider's SAML metadata: fetched (from its URL) when an admin saves the
settings, never at sign-in, and checked before it is stored.

Metadata is accepted when pysaml2 parses it and it describes exactly one identity provider
with a single sign-on service Remento can send a request to (HTTP-Redirect, the binding
every identity provider offers and the only one the content-security policy lets a page
leave by) and at least one certificate that signs assertions.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import requests
from cryptography import x509
from saml2 import BINDING_HTTP_REDIRECT
from saml2.attribute_converter import ac_factory
from saml2.mdstore import InMemoryMetaData

from remento.core.errors import FieldErrors
from remento.core.outbound_urls import failure_words, url_refusal

FETCH_TIMEOUT_SECONDS = 10
# Real metadata is a few kilobytes (Entra ID's is about 20); an aggregate of a federation
# is megabytes and not what a company's connection needs.
MAX_METADATA_BYTES = 1_000_000


@dataclass(frozen=True)
class IdpMetadata:
    """What Remento uses of checked metadata."""

    entity_id: str
    sso_url: str
    certificate_count: int


def metadata_url_check(url: str) -> None:
    """``FieldErrors`` unless the server may fetch ``url`` (:func:`.url_refusal`: https, plain
    http only to this machine while developing or testing; metadata carries the keys every
    sign-in is checked with, so it must not travel unencrypted)."""
    if refusal := url_refusal(url):
        raise FieldErrors({"idp_metadata_url": f"The metadata URL cannot be used: {refusal}"})


def metadata_fetch(url: str) -> str:
    """The metadata at ``url`` as text; ``FieldErrors`` naming the URL's problem."""
    metadata_url_check(url)
    try:
        # No redirects: the server goes only where url_refusal has let it.
        response = requests.get(
            url, timeout=FETCH_TIMEOUT_SECONDS, stream=True, allow_redirects=False
        )
        if response.is_redirect:
            location = response.headers.get("Location", "")
            raise _refuse(
                "idp_metadata_url", f"{url} redirects to {location}: give that URL instead."
            )
        response.raise_for_status()
        body = response.raw.read(MAX_METADATA_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise FieldErrors(
            {
                "idp_metadata_url": f"The metadata could not be fetched from {url}: "
                f"{failure_words(error)}."
            }
        ) from None
    if len(body) > MAX_METADATA_BYTES:
        raise FieldErrors(
            {
                "idp_metadata_url": "The document at this URL is over 1 MB: that is not the "
                "metadata of one identity provider."
            }
        )
    return body.decode(response.encoding or "utf-8", errors="replace")


def _refuse(field: str, reason: str) -> FieldErrors:
    return FieldErrors({field: reason})


def metadata_check(xml: str, *, field: str = "idp_metadata_xml") -> IdpMetadata:
    """What ``xml`` says of its identity provider; ``FieldErrors`` on ``field`` with the
    reason when it is not usable metadata."""
    store = InMemoryMetaData(ac_factory(), metadata=xml)
    try:
        store.load()
    except Exception:  # pysaml2 raises SAMLError, ParseError or ValueError by input
        raise _refuse(field, "This is not SAML metadata: the XML could not be read.") from None
    providers = list(store.with_descriptor("idpsso"))
    if not providers:
        raise _refuse(
            field,
            "This metadata describes no identity provider (no IDPSSODescriptor): use the "
            "identity provider's federation metadata, not a service provider's.",
        )
    if len(providers) > 1:
        raise _refuse(
            field,
            f"This metadata describes {len(providers)} identity providers; use the metadata "
            "of your company's one only.",
        )
    entity_id = providers[0]
    services = store.service(entity_id, "idpsso_descriptor", "single_sign_on_service")
    redirect = (services or {}).get(BINDING_HTTP_REDIRECT) or []
    if not redirect:
        raise _refuse(
            field,
            "The identity provider offers no single sign-on service with the HTTP-Redirect "
            "binding, which Remento sends its requests by.",
        )
    certificates = [cert for _name, cert in store.certs(entity_id, "idpsso", use="signing")]
    if not certificates:
        raise _refuse(
            field,
            "The metadata carries no signing certificate, so no sign-in could be verified.",
        )
    for cert in certificates:
        try:
            x509.load_der_x509_certificate(base64.b64decode(cert))
        except ValueError:
            raise _refuse(field, "A signing certificate in the metadata is unreadable.") from None
    return IdpMetadata(
        entity_id=entity_id, sso_url=redirect[0]["location"], certificate_count=len(certificates)
    )
