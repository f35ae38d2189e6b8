"""``/health/`` as a load balancer probes it: plain HTTP, the server's own address as Host."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def production_https(settings: Any) -> None:
    """What REMENTO_HTTPS=1 and a production host list set."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.ALLOWED_HOSTS = ["remento.example.com"]


@pytest.mark.usefixtures("production_https")
@pytest.mark.parametrize("host", ["10.0.3.17:8000", "remento.example.com", "not a host!"])
@pytest.mark.parametrize("method", ["get", "head"])
def test_health_answers_plain_http_for_any_host(host: str, method: str) -> None:
    response = getattr(Client(), method)("/health/", HTTP_HOST=host)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    if method == "get":
        assert response.content == b"ok"


@pytest.mark.usefixtures("production_https")
def test_every_other_page_still_redirects_to_https_and_checks_the_host() -> None:
    client = Client()

    assert client.get("/accounts/login/", HTTP_HOST="remento.example.com").status_code == 301
    assert client.get("/accounts/login/", HTTP_HOST="10.0.3.17:8000").status_code == 400
    assert client.get("/health/extra", HTTP_HOST="10.0.3.17:8000").status_code == 400


@pytest.mark.django_db
def test_health_over_https_on_the_site_host() -> None:
    response = Client().get("/health/", secure=True)

    assert response.status_code == 200
    assert response.content == b"ok"
