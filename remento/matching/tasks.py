"""Background work of the matching app (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from remento.matching.services.choice import mentor_requests_expire


@task()
def expire_requests() -> int:
    """Expire mentor requests past their deadline and ask each mentee's next choice.

    Enqueued by ``remento expire-requests`` (run it from cron, e.g. hourly); pages that
    show requests also expire due ones as they load, so nothing waits for the cron.
    Returns how many requests expired.
    """
    return mentor_requests_expire()
