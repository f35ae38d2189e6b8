"""The keyboard focus ring stands out (at least 3:1 against what it sits on, WCAG 2.4.11) and
every page names a favicon that exists."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

STYLESHEET = Path(__file__).resolve().parents[2] / "remento" / "static" / "remento" / "remento.css"


def _variables(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*([^;]+);", css))


def _hex(value: str) -> str:
    found = re.search(r"#[0-9a-fA-F]{6}\b", value)
    assert found, value
    return found.group(0)


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_focus_ring_reaches_three_to_one_on_every_background() -> None:
    css = STYLESHEET.read_text()
    colours = _variables(css)
    ring, ring_on_dark = _hex(colours["focus"]), _hex(colours["focus-on-dark"])

    assert ":focus-visible { outline: var(--focus)" in css
    assert ".site-header :focus-visible { outline: var(--focus-on-dark)" in css
    for background in ("paper", "wash"):
        assert contrast(ring, _hex(colours[background])) >= 3, background
    assert contrast(ring_on_dark, _hex(colours["ink"])) >= 3  # the header's background


def test_contrast_is_measured_as_wcag_measures_it() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_every_page_names_the_favicon_and_it_exists(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert '<link rel="icon" href="/static/remento/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("remento/favicon.svg")


def test_the_django_admin_names_the_favicon_too(admin_client: Client) -> None:
    page = admin_client.get("/admin/").content.decode()

    assert '<link rel="icon" href="/static/remento/favicon.svg" type="image/svg+xml">' in page
    assert "Site administration" in page  # Django's own admin page, only one icon added
