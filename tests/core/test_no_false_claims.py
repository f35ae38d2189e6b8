"""Pages and emails never say an email was sent: at the time they answer, it is only queued.

Messages are also built outside views (services, lifecycle rules, email templates), so every
Python file and template of the project is read."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "remento"
PAST_TENSE = re.compile(
    r"(were|was|have been|has been) (emailed|told by email|sent an email|notified)", re.IGNORECASE
)


def test_no_page_message_claims_an_email_was_already_sent() -> None:
    claims = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for pattern in ("*.py", "*.html", "*.txt")
        for path in ROOT.rglob(pattern)
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PAST_TENSE.search(line)
    ]
    assert claims == []
