"""Every notification is three templates (``.subject.txt``, ``.txt``, ``.html``) that render
with the context the services give; the services name them and never write wording."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template

from remento.core.notifications import notify

REMENTO = Path(__file__).resolve().parents[2] / "remento"
BODIES = sorted(
    path
    for path in REMENTO.glob("*/templates/*/email/*.txt")
    if not path.name.endswith(".subject.txt") and not path.name.startswith("_")
)
NAMES = [str(path.relative_to(path.parents[2])).removesuffix(".txt") for path in BODIES]
TRICKY = "O'Brien & <Partners>"


class Stub:
    """Whatever a template asks of a name no test context gives: every attribute is
    another stub, a primary key is 1, and it reads "Example"."""

    pk = 1

    def __getattr__(self, name: str) -> Stub:
        if name.startswith("_"):
            raise AttributeError(name)
        return Stub()

    def __str__(self) -> str:
        return "Example"

    def __iter__(self) -> Iterator[Stub]:
        return iter([Stub()])

    def __len__(self) -> int:
        return 1


class WithStubs(dict[str, Any]):
    """A context in which every name exists: the given ones, and stubs for the rest (so a
    new email's own names render too; give them real values in ``_context`` as needed)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Stub:
        return Stub()


def _render(name: str, *, autoescape: bool) -> str:
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(WithStubs(_context()), autoescape=autoescape)))


def _person(first: str, last: str) -> SimpleNamespace:
    return SimpleNamespace(
        display_name=f"{first} {last}", title="Analyst", email=f"{first.lower()}@acme.example"
    )


def _context() -> dict[str, Any]:
    """Every name an email template uses, as a service would pass it (made-up values)."""
    mentor, mentee = _person("Maya", "Junior"), _person("Martin", "Senior")
    when = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
    program = SimpleNamespace(pk=1, name=TRICKY, goal="Leaders learn the tools.")
    request = SimpleNamespace(
        pk=1,
        mentor=mentor,
        mentee=mentee,
        message="Hello!",
        response="Gladly.",
        reasons=["Teaches what you want"],
        expires_at=when,
        status="pending",
    )
    meeting = SimpleNamespace(
        status="proposed", location="Room 4", video_url="", agenda="Spreadsheets"
    )
    return {
        "recipient": mentee,
        "program": program,
        "enrollment": SimpleNamespace(
            status="enrolled",
            hours_per_month=4,
            timezone="Europe/London",
            consent_sensitive=False,
            get_role_display=lambda: "Mentee",
        ),
        "position": 2,
        "note": "See you soon.",
        "link": "/programs/mine/",
        "role_full": False,
        "mentor": mentor,
        "mentee": mentee,
        "partner": mentor,
        "closed_by": mentor,
        "reasons": ["Teaches what you want"],
        "request": request,
        "requests": [request],
        "previous": SimpleNamespace(mentor=mentor, status="expired"),
        "pair": SimpleNamespace(pk=1, end_reason="Goals met.", agreement=None),
        "name": "Maya Junior",
        "organization": SimpleNamespace(name="Acme Retail"),
        "before": "maya@acme.example",
        "after": "maya.junior@acme.example",
        "when": when,
        "site_url": "https://remento.example",
        # A meeting change (relationships/meetings/emails.py).
        "actor": mentor,
        "by_you": False,
        "meetings": [SimpleNamespace(meeting=meeting, starts=when, ends=when)],
        "first": meeting,
        "zone_name": "Europe/London",
        "meeting": SimpleNamespace(pk=1, starts_at=when, location="Room 4"),
        "closes_at": when,
        # A mentor's certificate, told to their manager (outcomes/certificates).
        "ended_at": when,
        "hours": 6.5,
        "skills": ["Excel", TRICKY],
        "signer": SimpleNamespace(name="Dana Sponsor", title="Chief Executive", is_sponsor=True),
        # A coordinator's own reminder (its subject and body are theirs).
        "subject": "Your first meeting",
        "body": "Please plan your first meeting this week.",
    }


def test_there_are_email_templates() -> None:
    assert len(NAMES) >= 19


@pytest.mark.parametrize("name", NAMES)
def test_each_email_has_a_one_line_subject_a_text_and_an_html_body(name: str) -> None:
    subject = _render(f"{name}.subject.txt", autoescape=False).strip()
    text = _render(f"{name}.txt", autoescape=False)
    html = _render(f"{name}.html", autoescape=True)

    assert subject
    assert "\n" not in subject
    assert "&#x27;" not in subject + text  # plain text: nothing escaped
    assert text.strip()
    assert "<p>" in html
    assert "<Partners>" not in html  # HTML: what people typed is escaped
    assert "{{" not in text + html + subject


def test_every_template_a_service_names_exists() -> None:
    """Each ``template="app/email/name"`` in the code has its three files."""
    named = set()
    for source in REMENTO.rglob("*.py"):
        text = source.read_text()
        named |= set(re.findall(r'"([a-z_]+/email/[a-z_]+)"', text))
    assert len(named) >= 10, "the services no longer name their email templates"
    assert named <= set(NAMES)
    for name in NAMES:
        app = name.split("/")[0]
        folder = REMENTO / app / "templates"
        for suffix in (".subject.txt", ".txt", ".html"):
            assert (folder / f"{name}{suffix}").exists(), f"{name}{suffix}"


def test_notify_sends_the_subject_text_and_html_of_the_template(
    mentor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    context = {"pair": SimpleNamespace(pk=7, agreement=None), "partner": mentor}
    context["program"] = SimpleNamespace(pk=1, name=TRICKY)

    with django_capture_on_commit_callbacks(execute=True):
        notify(to=mentor, template="relationships/email/pair_started", context=context)

    (email,) = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    assert email.subject == "Your mentoring pair with Maya Junior has started"
    assert TRICKY in email.body
    ((html, mimetype),) = email.alternatives
    assert mimetype == "text/html"
    assert isinstance(html, str)
    assert "O&#x27;Brien &amp; &lt;Partners&gt;" in html
    assert "/pairs/7/" in html
