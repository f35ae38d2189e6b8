"""Content-Security-Policy and Permissions-Policy on every kind of page, and templates that
need no inline script or style to work under them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import User
from remento.people.models import Employee
from tests.conftest import client_for
from tests.relationships.builders import make_program

ROOT = Path(__file__).resolve().parents[2]
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def assert_protected(response: object, expected_status: int) -> None:
    assert response.status_code == expected_status  # type: ignore[attr-defined]
    policy = response.headers["Content-Security-Policy"]  # type: ignore[attr-defined]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    permissions = response.headers["Permissions-Policy"]  # type: ignore[attr-defined]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions


def test_the_anonymous_sign_in_page_sends_both_policies(client: Client, db: None) -> None:
    assert_protected(client.get(reverse("login")), 200)


def test_a_participants_home_sends_both_policies(mentee: Employee) -> None:
    assert_protected(client_for(mentee).get(reverse("home")), 200)


def test_a_coordinators_program_page_sends_both_policies(coordinator: Employee) -> None:
    program = make_program(coordinator.organization)
    response = client_for(coordinator).get(reverse("programs:detail", args=[program.pk]))
    assert_protected(response, 200)


def test_the_django_admin_sends_both_policies(db: None) -> None:
    operator = User.objects.create_superuser(email="ops@platform.example", password="x-9Lq!w2")
    client = Client()
    client.force_login(operator)
    assert_protected(client.get(reverse("admin:index")), 200)


def test_an_htmx_request_gets_both_policies(coordinator: Employee) -> None:
    response = client_for(coordinator).get(
        reverse("people:directory"), headers={"HX-Request": "true"}
    )
    assert_protected(response, 200)


def test_a_not_found_page_sends_both_policies(mentee: Employee) -> None:
    assert_protected(client_for(mentee).get("/no-such-page/"), 404)


def test_a_redirect_to_the_sign_in_sends_both_policies(client: Client, db: None) -> None:
    assert_protected(client.get(reverse("home")), 302)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)


# Templates a browser gets (the *_pdf.html ones are only ever rendered to PDF by WeasyPrint).
BROWSER_TEMPLATES = sorted(
    path
    for path in ROOT.glob("remento/**/templates/**/*.html")
    if not path.name.endswith("_pdf.html")
)


@pytest.mark.parametrize("template", BROWSER_TEMPLATES, ids=lambda p: p.name)
def test_no_template_needs_inline_script_or_style(template: Path) -> None:
    """The policy blocks them: a template that used one would silently break in browsers."""
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static .js file"
    assert not INLINE_HANDLER.search(text), "on…= handler: add a listener in a static .js file"
    assert not INLINE_STYLE.search(text), "inline style: use a class of remento.css"
    assert "javascript:" not in text
