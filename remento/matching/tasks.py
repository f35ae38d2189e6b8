"""Background work of the matching app (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.matching.services.choice import mentor_requests_expire


@task()
def expire_requests() -> int:
    """Expire mentor requests past their deadline and ask each mentee's next choice.

    Every new request schedules this task for just after its deadline
    (``choice.schedule_expiry``), so with a worker running (``remento demo`` starts one)
    requests expire on time even when nobody opens a page; ``remento expire-requests`` runs
    it from cron as a safety net (pages only read: they show overdue requests as expired).
    Returns how many requests expired.
    """
    return mentor_requests_expire()
