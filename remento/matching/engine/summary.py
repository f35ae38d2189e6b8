"""Figures that describe a result: total, minimum, 10th percentile, median, unmatched."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from .categories import category_key, tidy_category
from .model import MatchResult, Person, Summary


def summarize(result: MatchResult, people: Iterable[Person] = ()) -> Summary:
    """Summary of ``result``; ``people`` (both sides) give departments for the count of
    unmatched people by department ("(none)" when unknown or not given; spellings of one
    department, compared by :func:`category_key`, count together under the first seen)."""
    scores = np.array([p.score for p in result.pairs], dtype=np.float64)
    # One count per department however it is written: the first spelling seen names it.
    spelling: dict[str, str] = {}
    department: dict[str, str] = {}
    for person in people:
        key = category_key(person.department)
        if key is not None:
            department[person.id] = spelling.setdefault(key, tidy_category(person.department) or "")
    by_department = Counter(department.get(u.person_id, "(none)") for u in result.unmatched)
    return Summary(
        pairs=len(result.pairs),
        total=float(scores.sum()),
        minimum=float(scores.min()) if scores.size else 0.0,
        p10=float(np.percentile(scores, 10)) if scores.size else 0.0,
        median=float(np.median(scores)) if scores.size else 0.0,
        mean=float(scores.mean()) if scores.size else 0.0,
        unmatched_mentees=sum(1 for u in result.unmatched if u.role == "mentee"),
        unmatched_mentors=sum(1 for u in result.unmatched if u.role == "mentor"),
        unmatched_by_department=dict(sorted(by_department.items())),
        upper_bound=result.upper_bound,
        gap=result.gap,
        caveats=result.caveats,
    )
