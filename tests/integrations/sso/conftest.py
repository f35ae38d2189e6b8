"""Fixtures of the single sign-on tests: the OpenID test provider (``oidc-provider-mock``, the
demo's own) on 127.0.0.1, and Chromium set up as for tests/browser."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from remento.integrations.sso.demo import LocalProvider, local_provider_start
from tests.browser.conftest import browser_type_launch_args, sign_in, site  # noqa: F401


@pytest.fixture
def provider() -> Iterator[LocalProvider]:
    running = local_provider_start(port=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def expired_provider() -> Iterator[LocalProvider]:
    """A provider whose ID tokens have expired by the time they arrive."""
    running = local_provider_start(port=0, token_max_age=timedelta(minutes=-5))
    try:
        yield running
    finally:
        running.stop()
