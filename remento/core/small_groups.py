"""Counts of people by a sensitive attribute, safe to show: the one place that suppresses them.

Every page, report and export that counts people (or pairs of people) by a sensitive
attribute, or by anything derived from one, passes its counts through
:func:`sensitive_group_counts` and shows only what comes back. A group smaller than
``settings.REMENTO_MIN_GROUP_SIZE`` is never shown, an empty one included (“nobody in this
group” says something about everyone in the others). Because the total is usually on the
page, a single hidden group could be recovered by subtraction: further groups are hidden,
smallest first, until at least two are hidden and together they hold at least the minimum
(or everything is hidden).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class GroupCount:
    """One group: ``count`` is None when it must not be shown."""

    key: str
    count: int | None


@dataclass(frozen=True)
class SensitiveGroupCounts:
    """Counts of one breakdown, ready to show: hidden groups carry ``None``."""

    groups: tuple[GroupCount, ...]
    total: int
    min_group_size: int

    def count(self, key: str) -> int | None:
        """The group's count, or None when it is hidden (or unknown)."""
        return next((g.count for g in self.groups if g.key == key), None)

    @property
    def any_hidden(self) -> bool:
        return any(g.count is None for g in self.groups)


def sensitive_group_counts(
    counts: Mapping[str, int], *, min_group_size: int | None = None
) -> SensitiveGroupCounts:
    """``counts`` (group -> how many, a partition of a population whose total is shown)
    with every group that could single people out hidden.

    A group is hidden when it holds fewer than ``min_group_size`` (by default
    ``settings.REMENTO_MIN_GROUP_SIZE``); then, while one hidden group could be worked out
    from the total and the shown ones (a single hidden group, or hidden groups that
    together hold fewer than the minimum), the smallest shown group is hidden too.
    """
    size = settings.REMENTO_MIN_GROUP_SIZE if min_group_size is None else min_group_size
    if any(n < 0 for n in counts.values()):
        raise ValueError("a group cannot count fewer than 0 people")
    hidden = {key for key, n in counts.items() if n < size}

    def leaks() -> bool:
        return len(hidden) == 1 or sum(counts[k] for k in hidden) < size

    while hidden and leaks() and len(hidden) < len(counts):
        shown = [key for key in counts if key not in hidden]
        hidden.add(min(shown, key=lambda key: (counts[key], key)))
    return SensitiveGroupCounts(
        groups=tuple(
            GroupCount(key=key, count=None if key in hidden else n) for key, n in counts.items()
        ),
        total=sum(counts.values()),
        min_group_size=size,
    )
