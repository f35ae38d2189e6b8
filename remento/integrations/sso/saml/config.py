"""The pysaml2 configuration of one organisation's SAML connection.

Each organisation is its own service provider: its entity id is the URL of its metadata
(``/sso/saml/<slug>/metadata/``) and its assertion consumer is ``/sso/saml/<slug>/acs/``,
so an assertion made for one organisation names an audience no other organisation accepts,
and each trusts only the keys of its own identity provider's metadata (stored when saved,
never fetched at sign-in). ``config_for_request`` is djangosaml2's ``SAML_CONFIG_LOADER``:
the SAML views put the connection and its key files on the request before calling it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from saml2 import BINDING_HTTP_POST
from saml2.config import SPConfig

from remento.integrations.sso.models import SsoConnection
from remento.integrations.sso.saml.keys import KeyFiles

# Clocks of the identity provider and of this server may differ by this much (seconds).
CLOCK_SKEW_SECONDS = 120


@dataclass(frozen=True)
class SpUrls:
    """What an admin gives the identity provider."""

    entity_id: str
    acs_url: str
    metadata_url: str
    login_url: str


def sp_urls(request: HttpRequest, slug: str) -> SpUrls:
    """The service provider's URLs for the organisation ``slug``, on this site's host."""

    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(name, kwargs={"slug": slug}))

    metadata = absolute("sso:saml_metadata")
    return SpUrls(
        entity_id=metadata,
        acs_url=absolute("sso:saml_acs"),
        metadata_url=metadata,
        login_url=absolute("sso:saml_login"),
    )


def xmlsec_binary() -> str:
    """The path of xmlsec1, which checks every signature; ``ImproperlyConfigured`` when
    missing (no sign-in can be verified without it)."""
    path = shutil.which("xmlsec1")
    if path is None:
        raise ImproperlyConfigured(
            "SAML single sign-on needs the xmlsec1 program: install it (`make xmlsec`, or "
            "the xmlsec1 package of the operating system)."
        )
    return path


def sp_config(*, request: HttpRequest, connection: SsoConnection, files: KeyFiles) -> SPConfig:
    """The pysaml2 service-provider configuration of ``connection``."""
    urls = sp_urls(request, connection.organization.slug)
    config = SPConfig()
    config.load(
        {
            "entityid": urls.entity_id,
            "xmlsec_binary": xmlsec_binary(),
            "key_file": files.key_file,
            "cert_file": files.cert_file,
            "encryption_keypairs": [{"key_file": files.key_file, "cert_file": files.cert_file}],
            "metadata": {"inline": [connection.idp_metadata_xml]}
            if connection.idp_metadata_xml
            else {},
            "allow_unknown_attributes": True,
            "accepted_time_diff": CLOCK_SKEW_SECONDS,
            "service": {
                "sp": {
                    "name": f"Remento · {connection.organization.name}",
                    "endpoints": {
                        "assertion_consumer_service": [(urls.acs_url, BINDING_HTTP_POST)],
                    },
                    # Only answers to a request this browser's session made count.
                    "allow_unsolicited": False,
                    "authn_requests_signed": True,
                    # Every identity provider signs the assertion by default (Entra ID
                    # signs only it); a signed response around it is checked as well.
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "only_use_keys_in_metadata": True,
                }
            },
        }
    )
    return config


def config_for_request(request: HttpRequest) -> SPConfig:
    """djangosaml2's config loader: the configuration of the connection the SAML view put
    on ``request`` (``saml_connection`` and ``saml_key_files``)."""
    connection = getattr(request, "saml_connection", None)
    files = getattr(request, "saml_key_files", None)
    if connection is None or files is None:
        raise ImproperlyConfigured(
            "The SAML configuration is made per organisation by Remento's SAML views only."
        )
    return sp_config(request=request, connection=connection, files=files)
