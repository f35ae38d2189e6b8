"""Category values (departments, locations, generations, diversity answers) as compared.

People type the same department in several ways: ``"Finance"``, ``"finance "``,
``"FINANCE"``, ``"Finance  Ops"``. Everywhere the engine compares two category values it
compares their keys: the text trimmed, every run of white space made one space and the
case folded. The values themselves are kept as written, for display.
"""

from __future__ import annotations


def tidy_category(value: str | None) -> str | None:
    """``value`` trimmed with every run of white space made one space; ``None`` when
    nothing is left. The spelling to show: case kept."""
    if value is None:
        return None
    tidy = " ".join(value.split())
    return tidy or None


def category_key(value: str | None) -> str | None:
    """The key two category values are compared by: trimmed, white space collapsed, case
    folded (``"  Finance   Ops "`` and ``"finance ops"`` give ``"finance ops"``);
    ``None`` for a missing or blank value, which never equals another."""
    tidy = tidy_category(value)
    return tidy.casefold() if tidy is not None else None
