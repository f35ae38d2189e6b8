"""Highlights for the sponsor's report: what people said at the end, in their own words, when
they allowed it.

Only a closing check-in whose author ticked “You may quote my comments, without my name”
(``CheckIn.quote_allowed``) and wrote something is quoted, word for word, and never with a
name: not the author's, not the partner's. Nothing else of a check-in is ever quoted (no
rating, no answer to the program's questions), and a person's private notes are never read
here at all. Like every figure about people, quotes keep to the minimum group size: until
that many people answered the closing check-in, a quote could be traced back to its author
by elimination, so none is shown; a role (“a mentee”) is added only when that many of that
role answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from remento.core.words import count_of
from remento.outcomes.confidential import countable
from remento.programs.models import Program
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus

# The longest quote shown: a report highlights, it does not reprint long answers.
QUOTE_MAX_CHARS = 600
# A report highlights a few voices; the coordinators read every answer on the check-ins page.
QUOTES_SHOWN = 8
ROLE_WORDS = {"mentor": "a mentor", "mentee": "a mentee"}


@dataclass(frozen=True)
class Quote:
    """One quotable comment; ``said_by`` is "a mentor", "a mentee" or "" (never a name)."""

    text: str
    said_by: str


@dataclass(frozen=True)
class Highlights:
    """The quotes a report may show, how many people answered the closing check-in, and a
    note saying why there are none (or why roles are left out)."""

    quotes: tuple[Quote, ...]
    respondents: int
    allowed: int
    note: str


def _trimmed(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    return text[: QUOTE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def program_highlights(
    program: Program, *, min_group_size: int | None = None, viewer_id: int | None = None
) -> Highlights:
    """The quotable closing comments of ``program``'s pairs, oldest first; for
    ``viewer_id``, less the answers they may not count (``outcomes.confidential``: their own
    partner's). One query.

    The caller fetched the program for a coordinator of its organisation."""
    size = settings.REMENTO_MIN_GROUP_SIZE if min_group_size is None else min_group_size
    closing = CheckIn.objects.filter(
        pair__program=program, kind=CheckInKind.CLOSING, status=CheckInStatus.ANSWERED
    )
    rows = list(
        countable(closing, viewer_id)
        .order_by("answered_at", "id")
        .values_list("role", "quote_allowed", "comments")
    )
    respondents = len(rows)
    quotable = [(role, text) for role, allowed, text in rows if allowed and text.strip()]
    if not quotable:
        note = "Nobody who answered the closing check-in allowed their comments to be quoted."
        return Highlights((), respondents, 0, note if respondents else "")
    if respondents < size:
        return Highlights(
            (),
            respondents,
            len(quotable),
            f"{count_of(len(quotable), 'person', 'people')} allowed a quote, but only "
            f"{count_of(respondents, 'person', 'people')} answered the closing check-in: "
            f"quotes are shown once at least {size} have, so that no one can be recognised.",
        )
    by_role = Counter(role for role, _allowed, _text in rows)
    named_roles = {role for role, count in by_role.items() if count >= size}
    quotes: dict[str, Quote] = {}  # by text: the same words twice are quoted once
    for role, text in quotable:
        quote = Quote(_trimmed(text), ROLE_WORDS.get(role, "") if role in named_roles else "")
        quotes.setdefault(quote.text, quote)
    notes = []
    if len(quotes) > QUOTES_SHOWN:
        notes.append(f"The first {QUOTES_SHOWN} of {len(quotes)} different comments are shown.")
    if not all(role in named_roles for role, _text in quotable):
        notes.append(
            "Whether a quote comes from a mentor or a mentee is said only where at least "
            f"{size} of them answered."
        )
    shown = tuple(quotes.values())[:QUOTES_SHOWN]
    return Highlights(shown, respondents, len(quotable), " ".join(notes))
