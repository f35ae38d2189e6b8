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
common. A name is judged by the addresses it resolves to when checked, so a name that
resolves to 127.0.0.1 counts as this machine; a name whose resolution changes between the
check and the request (DNS rebinding) is beyond this check.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

LOCAL_NAMES = ("localhost",)
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # "this host on this network"
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def request_host(url: str) -> str | None:
    """The host a request to ``url`` connects to (lower case, no brackets, no trailing dot),
    or None when the URL is not one the check can vouch for: a backslash, a space or a
    control character, a percent sign in the host, or a host that the standard library's
    parser and the one requests connects with read differently
    (``https://127.0.0.1\\@example.com/`` is example.com to one, 127.0.0.1 to the other)."""
    if "\\" in url or not url.isprintable() or any(ch.isspace() for ch in url):
        return None
    try:
        checked = (urlsplit(url).hostname or "").lower().rstrip(".")
        connected = (parse_url(url).host or "").strip("[]").lower().rstrip(".")
    except (ValueError, LocationParseError):
        return None
    if "%" in connected or connected != checked:
        return None
    return connected


def _addresses(host: str) -> list[Address]:
    """The addresses ``host`` stands for: itself when it is one, else what the resolver
    gives, as the request would connect to them (``127.1``, ``0x7f000001`` and
    ``2130706433`` are all 127.0.0.1); none when the name does not resolve."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def _with_embedded(address: Address) -> list[Address]:
    """``address`` and the IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64,
    IPv4-compatible), which is where such an address can lead."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    inner = [address.ipv4_mapped, address.sixtofour, (address.teredo or (None, None))[1]]
    if address in NAT64 or address in IPV4_COMPATIBLE:
        inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [address, *(a for a in inner if a is not None)]


def _is_this_machine(host: str, addresses: list[Address]) -> bool:
    """Whether ``host`` (lower case, no trailing dot), at ``addresses``, is this machine."""
    named = host in LOCAL_NAMES or host.endswith(".localhost")
    return named or any(a.is_loopback for a in addresses)


def _never(addresses: list[Address]) -> bool:
    return any(
        a.is_link_local
        or a.is_unspecified
        or a.is_multicast
        or a.is_reserved
        or (isinstance(a, ipaddress.IPv4Address) and a in THIS_NETWORK)
        for a in addresses
    )


def developing() -> bool:
    """Whether this server runs for development or tests, where local providers listen."""
    return bool(settings.DEBUG or not settings.HTTPS)


def url_refusal(url: str) -> str:
    """Why the server must not send requests to ``url``; "" when it may."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return "This is not a URL."
    host = request_host(url)
    if host is None:
        return "Write the URL plainly: no spaces, backslashes or %-codes in its host name."
    if scheme not in ("http", "https") or not host:
        return "The URL must start with https:// and name a host."
    addresses = [inner for a in _addresses(host) for inner in _with_embedded(a)]
    if _never(addresses):
        return f"{host} is not an address the server may send requests to."
    local = _is_this_machine(host, addresses)
    if local and not developing():
        return f"{host} is this server itself: give the provider's own address."
    if scheme == "http" and not local:
        return "The URL must start with https:// (plain http only to this machine, in testing)."
    if not addresses and not developing():
        return f"{host} could not be found: check the host name."
    return ""


def failure_words(error: Exception) -> str:
    """What went wrong with a request the server sent, in words for the admin who gave the
    URL (never the library's own text: it names internal classes and retry pools)."""
    if isinstance(error, requests.HTTPError) and error.response is not None:
        return f"it answered HTTP {error.response.status_code}"
    if isinstance(error, requests.exceptions.SSLError):
        return "its HTTPS certificate could not be verified"
    if isinstance(error, requests.Timeout):
        return "it did not answer in time"
    if isinstance(error, requests.ConnectionError):
        if "NameResolution" in repr(error) or "Name or service not known" in str(error):
            return "its host name could not be found"
        return "the server could not be reached"
    if isinstance(error, ValueError):
        return "what it answered is not a document Remento can read"
    return "the request failed"
