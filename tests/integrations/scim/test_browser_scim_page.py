"""In Chromium, at 1366 and 390 px: an admin follows the SCIM card from the integrations page
to the SCIM page, after an identity provider provisioned people over real HTTP."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from remento.people.models import Employee
from tests.browser.conftest import browser_type_launch_args, sign_in, site  # noqa: F401
from tests.integrations.scim.conftest import PATCH_OP, Scim, user_payload

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("REMENTO_SHOTS")


def test_the_admin_reaches_the_scim_page_and_sees_what_was_provisioned(
    site: str,  # noqa: F811
    sign_in: Callable[[Employee], Page],  # noqa: F811
    admin: Employee,
    scim: Scim,
) -> None:
    headers = {"Authorization": f"Bearer {scim.secret}", "Content-Type": "application/scim+json"}
    made = requests.post(f"{site}/scim/v2/Users", json=user_payload(), headers=headers, timeout=10)
    assert made.status_code == 201, made.text
    left = requests.patch(
        f"{site}/scim/v2/Users/{made.json()['id']}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
        headers=headers,
        timeout=10,
    )
    assert left.status_code == 200, left.text

    page = sign_in(admin)
    page.goto(f"{site}/integrations/")
    page.get_by_role("link", name="Manage provisioning").click()

    expect(page.get_by_role("heading", name="SCIM provisioning", level=1)).to_be_visible()
    expect(page.locator("code.scim-url")).to_have_text(f"{site}/scim/v2")
    expect(page.get_by_role("cell", name="Deactivated (left)")).to_be_visible()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the page scrolls sideways at {width} px"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/scim-page-{width}.png", full_page=True)
