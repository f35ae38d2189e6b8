"""Counting in words: "1 pair", "3 pairs", never "pair(s)"."""

from __future__ import annotations


def count_of(count: float, singular: str, plural: str | None = None) -> str:
    """``count`` followed by the noun in the number it agrees with: ``count_of(1, "level")``
    is "1 level", ``count_of(3, "level")`` is "3 levels", ``count_of(2, "child",
    "children")`` is "2 children". Fractions take the plural ("1.5 hours")."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:g} {noun}" if isinstance(count, float) else f"{count} {noun}"


def cadence_in_words(days: int) -> str:
    """How often people meet, as a person says it: "every day", "every week", "every 2
    weeks", "every 10 days" (weeks where the days make whole weeks)."""
    if days == 1:
        return "every day"
    if days == 7:
        return "every week"
    if days % 7 == 0:
        return f"every {days // 7} weeks"
    return f"every {days} days"
