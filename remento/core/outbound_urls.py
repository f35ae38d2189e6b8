"""Which URLs the server may send a request to when an organisation's admin typed them in
(an identity provider's issuer or metadata URL, a Teams webhook) or a provider's document
names them (the endpoints of an OpenID discovery document).

Such a URL makes the server, not the admin's browser, open a connection: without a rule an
admin could point it at services that listen only on the server's own machine, or at a
cloud's metadata service, and read what answers through the error messages. So: https;
plain http only to this machine and only while developing or testing (``DEBUG``, or
``REMENTO_HTTPS`` off: the test providers listen on 127.0.0.1); in production never this
machine's own addresses, whatever the scheme; never link-local (169.254.0.0/16, where cloud
metadata services answer), unspecified or multicast addresses. Addresses of the company's
own network (10.0.0.0/8 and the like) stay allowed: an identity provider inside it is
common.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

LOCAL_NAMES = ("localhost",)


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_this_machine(host: str) -> bool:
    """Whether ``host`` (a URL's host name, lower case) names this machine itself."""
    address = _address(host)
    if address is not None:
        return address.is_loopback
    return host in LOCAL_NAMES or host.endswith(".localhost")


def _never(host: str) -> bool:
    address = _address(host)
    return address is not None and (
        address.is_link_local or address.is_unspecified or address.is_multicast
    )


def developing() -> bool:
    """Whether this server runs for development or tests, where local providers listen."""
    return bool(settings.DEBUG or not settings.HTTPS)


def url_refusal(url: str) -> str:
    """Why the server must not send requests to ``url``; "" when it may."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return "This is not a URL."
    if parts.scheme not in ("http", "https") or not host:
        return "The URL must start with https:// and name a host."
    if _never(host):
        return f"{host} is not an address the server may send requests to."
    local = is_this_machine(host)
    if local and not developing():
        return f"{host} is this server itself: give the provider's own address."
    if parts.scheme == "http" and not local:
        return "The URL must start with https:// (plain http only to this machine, in testing)."
    return ""
