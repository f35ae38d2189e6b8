"""Background work of the people app (Django's tasks framework)."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from remento.people.importing.uploads import pending_uploads_purge
from remento.people.services.leavers_purge import leavers_purge
from remento.people.skill_totals import skill_totals_refresh_all, skill_totals_refresh_if_stale


@task()
def purge_leavers() -> int:
    """Erase leavers past ``REMENTO_LEAVER_RETENTION_DAYS``; returns how many."""
    return leavers_purge()


@task()
def purge_pending_uploads() -> int:
    """Delete uploaded HRIS files left unconfirmed past ``REMENTO_PENDING_UPLOAD_HOURS``.

    Every upload schedules this task for just after it expires (``uploads.schedule_purge``);
    ``remento purge-uploads`` runs it from cron as a safety net. Returns how many expired.
    """
    return pending_uploads_purge()


@task()
def refresh_skill_totals(organization_id: int, queued_at: str) -> bool:
    """Refresh one organisation's skill totals unless a refresh since ``queued_at`` (ISO
    datetime: the commit that asked) covers it (``skill_totals_refresh_if_stale``)."""
    return skill_totals_refresh_if_stale(
        organization_id, asked_at=datetime.fromisoformat(queued_at)
    )


@task()
def refresh_all_skill_totals() -> int:
    """Refresh every organisation's skill totals (``remento refresh-skill-totals``, nightly
    from cron: the safety net for writes that do not ask for a refresh)."""
    return skill_totals_refresh_all()
