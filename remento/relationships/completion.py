"""When a closing pair counts as completed: the one rule the completion KPI reads."""

from __future__ import annotations

from django.utils import timezone

from remento.relationships.models import Pair


def ran_its_course(pair: Pair, *, program_closed: bool) -> bool:
    """Whether a pair that closes now completed: it started, and the program closes or its
    end date has come. A pair that ends before that (by either person, a coordinator, or a
    leaver) ended early, whatever the reason; one that never started completed nothing."""
    if pair.started_at is None:
        return False
    end_date = pair.program.end_date
    return program_closed or (end_date is not None and timezone.localdate() >= end_date)
