"""Which URLs the server may send requests to (remento.core.outbound_urls)."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from remento.core.outbound_urls import url_refusal


def _resolves_to(address: str) -> Callable[..., list[tuple[object, ...]]]:
    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]

    return getaddrinfo


@pytest.fixture
def production(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    settings.HTTPS = True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.okta.com",
        "https://login.microsoftonline.com/x/v2.0",
        "https://sso.corp.internal/realms/staff",  # a provider inside the company network
        "https://10.20.30.40/realms/staff",
    ],
)
def test_providers_on_https_are_allowed_in_production(
    production: None, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Names resolve to a public address here (the tests have no network).
    monkeypatch.setattr(socket, "getaddrinfo", _resolves_to("52.95.110.1"))
    assert url_refusal(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8199/secret-admin?x=",  # the helper's attack: any local port and path
        "https://127.0.0.1:8443/",
        "https://localhost/admin",
        "http://api.localhost/",
        "https://[::1]/",
        "https://127.9.9.9/",
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://169.254.169.254/",
        "https://0.0.0.0/",
        "http://acme.okta.com",
        "ftp://acme.okta.com/x",
        "https:///no-host",
        "javascript:alert(1)",
        "https://[not-an-address/",
        # Other spellings of this machine, as the resolver reads them.
        "https://127.1/",
        "https://0x7f000001/",
        "https://2130706433/",
        "https://localhost./",
        "https://[::ffff:127.0.0.1]/",
        "https://0/",
        # A helper's second pass: the host the check read was not the one requests connects to,
        # or an IPv6 form carried a forbidden IPv4 address.
        "https://127.0.0.1:18080\\@example.com/",
        "https://[::1]:18080\\@example.com/",
        "https://169.254.169.254:80\\@example.com/",
        "https://127%2e0%2e0%2e1:18080/",
        "https://[::ffff:0.0.0.0]:18080/",
        "https://[::ffff:169.254.169.254]/",
        "https://[::127.0.0.1]/",
        "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:7f00:1::]/",
        "https://0.1.2.3/",
        "https://no-such-host.invalid/",  # not found: the server cannot tell where it leads
    ],
)
def test_this_machine_link_local_and_plain_http_are_refused_in_production(
    production: None, url: str
) -> None:
    assert url_refusal(url)


def test_while_testing_local_providers_may_listen_on_plain_http(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    settings.HTTPS = False  # type: ignore[attr-defined]
    assert url_refusal("http://127.0.0.1:8102/") == ""
    assert url_refusal("http://localhost:8102/") == ""
    assert url_refusal("http://idp.example.com/") != ""  # still https elsewhere
    assert url_refusal("http://169.254.169.254/") != ""  # never link-local


def test_the_reason_names_the_host(production: None) -> None:
    assert "127.0.0.1 is this server itself" in url_refusal("https://127.0.0.1/")
    assert "169.254.169.254" in url_refusal("https://169.254.169.254/")
    assert "https://" in url_refusal("http://acme.okta.com/")


def test_a_teams_url_whose_host_reads_two_ways_is_refused(settings: object) -> None:
    from remento.integrations.chat.clients import webhook_url_problem

    settings.DEBUG = False  # type: ignore[attr-defined]
    settings.HTTPS = True  # type: ignore[attr-defined]
    # urlsplit reads x.logic.azure.com (allowed); requests would connect to 127.0.0.1.
    assert webhook_url_problem("https://127.0.0.1:18080\\@x.logic.azure.com/")
    assert webhook_url_problem("https://attacker.example\\@x.logic.azure.com/")
