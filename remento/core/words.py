"""Counting in words: "1 pair", "3 pairs", never "pair(s)"."""

from __future__ import annotations


def count_of(count: float, singular: str, plural: str | None = None) -> str:
    """``count`` followed by the noun in the number it agrees with: ``count_of(1, "level")``
    is "1 level", ``count_of(3, "level")`` is "3 levels", ``count_of(2, "child",
    "children")`` is "2 children". Fractions take the plural ("1.5 hours")."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:g} {noun}" if isinstance(count, float) else f"{count} {noun}"
