"""The coordinator's nudge text: placeholders filled from a fixed list, nothing else.

A coordinator writes plain text with ``{partner}``-style placeholders. It is never run as a
Django template and never given to ``str.format`` (which would follow ``{partner.__class__}``
or ``{0[key]}`` into Python objects): ``check`` accepts only the bare names of
``PLACEHOLDERS``, and ``fill`` puts in plain strings. The result is plain text; the HTML email
escapes it like any other value.
"""

from __future__ import annotations

from string import Formatter

from remento.core.errors import FieldErrors

PLACEHOLDERS: dict[str, str] = {
    "first_name": "the first name of the person it goes to",
    "partner": "the name of the other person of the pair",
    "program": "the program's name",
    "meeting_gap": "when the pair last met, in words: “It has been 12 days since you and "
    "Sam last met”, or “You and Sam have not met yet” for a pair that has not",
    "days_since_meeting": "days since the pair's last held meeting (or since it started; "
    "0 before it starts)",
    "cadence": "how often the pair agreed to meet, e.g. “every 2 weeks”",
    "coordinator": "your name",
    "pair_url": "the link to the pair's page",
}

DEFAULT_SUBJECT = "{first_name}, time for your next mentoring meeting"
DEFAULT_BODY = (
    "Hello {first_name},\n\n"
    "{meeting_gap} in {program}; you agreed to meet {cadence}.\n\n"
    "Could you find a time for your next conversation this week? You can propose one on "
    "your pair's page: {pair_url}\n\n"
    "If something gets in the way, tell me: I am here to help.\n\n"
    "{coordinator}"
)
SUBJECT_MAX, BODY_MAX = 200, 5000


def _names(text: str) -> list[str]:
    """The placeholder names in ``text``; ValueError for broken braces."""
    return [name for _literal, name, _spec, _conv in Formatter().parse(text) if name is not None]


def _problem(text: str) -> str:
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:
        return "A brace is not closed: write {{ and }} for a brace of its own."
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            allowed = ", ".join("{" + key + "}" for key in PLACEHOLDERS)
            return f"“{{{name}}}” is not a placeholder. Use only {allowed}."
    return ""


def check(*, subject: str, body: str) -> tuple[str, str]:
    """The subject and body tidied, or ``FieldErrors`` saying what is wrong."""
    subject, body = " ".join(subject.split()), body.strip()
    errors: dict[str, str] = {}
    for name, text, limit in (("subject", subject, SUBJECT_MAX), ("body", body, BODY_MAX)):
        if not text:
            errors[name] = "Write something here."
        elif len(text) > limit:
            errors[name] = f"Keep it to {limit} characters."
        elif problem := _problem(text):
            errors[name] = problem
    if errors:
        raise FieldErrors(errors)
    return subject, body


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` (already accepted by ``check``) with each placeholder replaced by its value
    from ``values``, as plain text; nothing in a value is read as a placeholder again."""
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(values.get(name, ""))
    return "".join(out)
