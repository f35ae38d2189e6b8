"""Quotes for the report: closing comments their authors allowed, never a name."""

from __future__ import annotations

from typing import Any

from remento.outcomes.reports.quotes import program_highlights
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from tests.outcomes.reports.conftest import QUOTE_OK, QUOTE_REFUSED, ClosedProgram


def test_only_allowed_non_empty_closing_comments_are_quoted(closed_program: ClosedProgram) -> None:
    pair = closed_program.pairs[0]
    # Allowed but empty, and allowed on a check-in that is not the closing one: never quoted.
    CheckIn.objects.filter(pair=pair, role="mentee").update(comments="   ")
    regular = CheckIn.objects.get(pair=pair, role="mentor")
    regular.pk, regular.kind, regular.quote_allowed = None, CheckInKind.REGULAR, True
    regular.comments = "A regular check-in, not a closing one."
    regular.save()

    highlights = program_highlights(closed_program.program, min_group_size=5)

    assert [quote.text for quote in highlights.quotes] == [f"{QUOTE_OK} ({n})" for n in range(1, 5)]
    assert all(quote.said_by == "a mentee" for quote in highlights.quotes)
    assert QUOTE_REFUSED not in str(highlights)
    assert (highlights.respondents, highlights.allowed) == (10, 4)


def test_roles_are_left_out_where_too_few_of_a_role_answered(
    closed_program: ClosedProgram,
) -> None:
    CheckIn.objects.filter(role="mentee").exclude(pair=closed_program.pairs[0]).update(
        status=CheckInStatus.MISSED
    )

    highlights = program_highlights(closed_program.program, min_group_size=5)

    assert len(highlights.quotes) == 1
    assert highlights.quotes[0].said_by == ""
    assert "at least 5 of them answered" in highlights.note


def test_nothing_is_quoted_when_nobody_allowed_it(closed_program: ClosedProgram) -> None:
    CheckIn.objects.update(quote_allowed=False)

    highlights = program_highlights(closed_program.program, min_group_size=5)

    assert highlights.quotes == ()
    assert "Nobody who answered the closing check-in allowed" in highlights.note


def test_an_erased_persons_words_are_gone_from_the_quotes(
    closed_program: ClosedProgram, mentee: Any
) -> None:
    CheckIn.objects.filter(employee=mentee).update(comments="")

    highlights = program_highlights(closed_program.program, min_group_size=5)

    assert f"{QUOTE_OK} (0)" not in [quote.text for quote in highlights.quotes]
