"""Input hygiene: what no text typed into a form or read from an import may hold.

One set of rules for every form and the HRIS import:

* **Refused, with a message:** control characters (NUL, escape, …), line breaks in a
  one-line value (a name, a title), and the text-direction overrides and isolates
  (U+202A–U+202E, U+2066–U+2069) that can make a name display as something else.
* **Cleaned, silently:** zero-width characters (U+200B–U+200D) and the byte-order mark
  (U+FEFF) in one-line values. They are invisible, so nobody means them, and they make two
  names that look the same differ. Multi-line text keeps the zero-width joiner and non-joiner,
  which join emoji and shape some scripts.
* **Limited:** a free-text field without its own limit takes at most ``TEXT_MAX_LENGTH``
  characters (``LINE_MAX_LENGTH`` for one line); dates lie between ``EARLIEST_DATE`` and
  ``DATE_YEARS_AHEAD`` years from today unless a form says otherwise.

``CleanInputMixin`` applies all of it to every field of a form; ``clean_text`` is the same
rule for one value (the import uses it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name
from django.utils import timezone

TEXT_MAX_LENGTH = 5000
LINE_MAX_LENGTH = 500
EARLIEST_DATE = dt.date(1900, 1, 1)
DATE_YEARS_AHEAD = 10

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ZERO_WIDTH_LINE = "\u200b\u200c\u200d\ufeff"
_ZERO_WIDTH_MULTILINE = "\u200b\ufeff"
# Every character either rule looks at: most values hold none, and skip the rest.
_SUSPECT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200d\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_DROP_LINE = str.maketrans(dict.fromkeys(_ZERO_WIDTH_LINE))
_DROP_MULTILINE = str.maketrans(dict.fromkeys(_ZERO_WIDTH_MULTILINE))


class UnsafeText(ValueError):
    """A value holds a character it may not; the message says which and why."""


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    return f"{name.lower()} ({code})" if name else code


def _problem(char: str, *, multiline: bool) -> str | None:
    """Why ``char`` is refused, or None when it may stay (or is dropped)."""
    if char in _BIDI_CONTROLS:
        return (
            f"contains a text-direction control character, {_describe(char)}, which can make "
            "text display as something else; retype it without"
        )
    if multiline and char in "\n\r\t\u2028\u2029":
        return None
    if char in _LINE_BREAKS:
        return "contains a line break; it must fit on one line"
    if char == "\x00":
        return "contains a null character"
    if unicodedata.category(char) == "Cc":
        return f"contains an invisible control character ({f'U+{ord(char):04X}'})"
    return None


def has_suspect_characters(value: str) -> bool:
    """Whether ``value`` holds any character the rules look at (a cheap first test)."""
    return _SUSPECT.search(value) is not None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` without its invisible zero-width characters.

    Raises ``UnsafeText`` when it holds a control character, a line break (one-line values
    only) or a text-direction override.
    """
    if not _SUSPECT.search(value):
        return value
    for char in value:
        reason = _problem(char, multiline=multiline)
        if reason:
            raise UnsafeText(reason)
    return value.translate(_DROP_MULTILINE if multiline else _DROP_LINE)


def visible_text(value: str) -> str:
    """``value`` without any character the rules look at: safe to quote in a message."""
    return _SUSPECT.sub("", value)


@dataclass(frozen=True, slots=True)
class DateLimit:
    """The dates a field accepts: from ``earliest`` to ``years_ahead`` years from today."""

    earliest: dt.date = EARLIEST_DATE
    years_ahead: int = DATE_YEARS_AHEAD

    def latest(self, today: dt.date) -> dt.date:
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def problem(self, value: dt.date, *, today: dt.date) -> str | None:
        """Why ``value`` is out of range, or None."""
        if value < self.earliest:
            earliest = self.earliest
            return f"{value:%Y-%m-%d} is too far in the past (the earliest is {earliest:%Y-%m-%d})"
        latest = self.latest(today)
        if value > latest:
            return f"{value:%Y-%m-%d} is too far ahead (the latest is {latest:%Y-%m-%d})"
        return None


DEFAULT_DATE_LIMIT = DateLimit()


class _TextCleaner:
    """A CharField's ``to_python`` followed by ``clean_text``."""

    def __init__(self, field: forms.CharField, *, multiline: bool) -> None:
        self.to_python = field.to_python
        self.strip = field.strip
        self.empty_value = field.empty_value
        self.multiline = multiline

    def __call__(self, value: Any) -> Any:
        value = self.to_python(value)
        if not isinstance(value, str) or not value:
            return value
        try:
            value = clean_text(value, multiline=self.multiline)
        except UnsafeText as error:
            raise ValidationError(f"This {error!s}.", code="unsafe_text") from None
        if self.strip:
            value = value.strip()
        return value or self.empty_value


class _DateInRange:
    """Refuses a date (or a date-time's date) outside its field's ``DateLimit``."""

    def __init__(self, limit: DateLimit, label: str) -> None:
        self.limit = limit
        self.label = label

    def __call__(self, value: dt.date | dt.datetime | None) -> None:
        if value is None:
            return
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        problem = self.limit.problem(value, today=timezone.localdate())
        if problem:
            raise ValidationError(f"{self.label}: {problem}.", code="date_out_of_range")


def secure_field(field: forms.Field, *, name: str, date_limit: DateLimit | None = None) -> None:
    """Apply the rules to one form field (once; a second call changes nothing)."""
    if getattr(field, "_remento_hygiene", False):
        return
    field._remento_hygiene = True  # type: ignore[attr-defined]
    label = str(field.label or pretty_name(name))
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
        multiline = isinstance(field.widget, forms.Textarea)
        field.to_python = _TextCleaner(field, multiline=multiline)  # type: ignore[method-assign]
        if field.max_length is None:
            limit = TEXT_MAX_LENGTH if multiline else LINE_MAX_LENGTH
            field.max_length = limit
            field.validators.append(
                MaxLengthValidator(
                    limit,
                    message=f"{label}: at most {limit:,} characters, please "
                    "(this has %(show_value)s); shorten it.",
                )
            )
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        field.validators.append(_DateInRange(date_limit or DEFAULT_DATE_LIMIT, label))


class CleanInputMixin:
    """Put it first in a form's bases: every text and date field of the form, including
    those added in ``__init__``, follows the module's rules when the form is validated.

    ``date_limits`` maps a field name to its own ``DateLimit``.
    """

    date_limits: ClassVar[dict[str, DateLimit]] = {}
    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            secure_field(field, name=name, date_limit=self.date_limits.get(name))
        super().full_clean()  # type: ignore[misc]
