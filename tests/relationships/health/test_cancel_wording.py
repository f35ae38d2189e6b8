"""The cancellation findings count each kind of meeting in its own number."""

from __future__ import annotations

from dataclasses import replace

import pytest

from remento.relationships.health.rules import PersonFacts, evaluate
from tests.relationships.health.test_rules import facts


def senior_text(cancelled: int, missed: int) -> str:
    mentee = PersonFacts(name="Martin Senior", role="mentee", cancelled=cancelled, missed=missed)
    (finding,) = [f for f in evaluate(facts(mentee=mentee)).findings if f.rule == "senior_cancels"]
    return finding.text


@pytest.mark.parametrize(
    ("cancelled", "missed", "said"),
    [
        (2, 1, "cancelled 2 meetings and missed 1 in the last"),
        (1, 2, "cancelled 1 meeting and missed 2 in the last"),
        (1, 0, "cancelled 1 meeting in the last"),
        (3, 0, "cancelled 3 meetings in the last"),
        (0, 1, "missed 1 meeting in the last"),
        (0, 2, "missed 2 meetings in the last"),
        (0, 0, "cancelled or missed no meeting in the last"),
    ],
)
def test_each_count_agrees_with_its_noun(cancelled: int, missed: int, said: str) -> None:
    assert f"Martin Senior (the mentee, the more senior) {said}" in senior_text(cancelled, missed)


def test_the_partner_finding_reads_the_same_way() -> None:
    mentor = PersonFacts(name="Maya Junior", role="mentor", cancelled=2, missed=1)
    inputs = replace(facts(), mentor=mentor)
    (finding,) = [f for f in evaluate(inputs).findings if f.rule == "partner_cancels"]
    assert "Maya Junior (the mentor) cancelled 2 meetings and missed 1 in the last" in finding.text
