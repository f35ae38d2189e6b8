"""The mentoring agreement a new program starts from; coordinators edit it to fit."""

from __future__ import annotations

import re

from remento.core.words import cadence_in_words

# The cadence sentence of the default text, to tell an untouched default from an edited text.
_RHYTHM = re.compile(r"We meet every (day|week|(\d+) weeks|(\d+) days) for about (\d+) minutes")


def _normal(text: str) -> str:
    """The text as compared: Unix line ends, no trailing spaces (a textarea sends CRLF)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def default_agreement_rhythm(text: str) -> tuple[int, int] | None:
    """(days between meetings, minutes) when ``text`` is exactly the default agreement for
    that rhythm, untouched; None when it was edited (or is not the default at all)."""
    found = _RHYTHM.search(text)
    if found is None:
        return None
    word, weeks, days, minutes = found.groups()
    cadence = {"day": 1, "week": 7}.get(word) or (int(weeks) * 7 if weeks else int(days))
    length = int(minutes)
    if _normal(default_agreement(cadence_days=cadence, length_minutes=length)) != _normal(text):
        return None
    return cadence, length


def default_agreement(*, cadence_days: int = 14, length_minutes: int = 45) -> str:
    """A sensible agreement covering expectations, confidentiality, cadence, goals and how
    to end the pair, with the program's meeting rhythm written in."""
    rhythm = cadence_in_words(cadence_days)
    # One line per paragraph: the text lands in a textarea and in the charter, which wrap it.
    sections = [
        "Our mentoring agreement",
        "1. Expectations\n"
        "We both come to learn and to teach. The mentor shares what they know first-hand; "
        "the mentee shares context and asks openly. We treat each other as equals, whatever "
        "our levels.",
        "2. Confidentiality\n"
        "What we discuss stays between us unless we both agree otherwise. Private notes are "
        "ours alone. The program team sees only that we meet and how it is going, never what "
        "we said.",
        "3. Cadence\n"
        f"We meet {rhythm} for about {length_minutes} minutes, and we keep the dates we set. "
        "Whoever has to move a meeting says so at least a day ahead and proposes another time.",
        "4. Goals\n"
        "In our first meeting we write down two or three goals we can check, and we look at "
        "them again at every check-in.",
        "5. Ending the pair\n"
        "Either of us can end the pair at any time, for any reason, by telling the other and "
        "the program coordinator. We end with a short conversation about what worked.",
    ]
    return "\n\n".join(sections) + "\n"
