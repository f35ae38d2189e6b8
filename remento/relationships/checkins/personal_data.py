"""A person's check-ins in their personal data export (``people.lifecycle.person_exporting``):
their own answers, never their partner's."""

from __future__ import annotations

from typing import Any

from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.relationships.checkins.models import CheckIn
from remento.relationships.personal_data import pair_row


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_checkins(sender: Any, *, employee: Employee, **kwargs: Any) -> list[ExportSection]:
    """Every check-in asked of the person, with their own answers. One query."""
    checkins = (
        CheckIn.objects.filter(employee=employee)
        .select_related("pair__program", "pair__mentor", "pair__mentee")
        .order_by("opened_at", "id")
    )
    rows = [
        pair_row(
            checkin.pair,
            employee,
            {
                "check_in": checkin.title,
                "status": checkin.get_status_display(),
                "opened_at": _iso(checkin.opened_at),
                "answered_at": _iso(checkin.answered_at),
                "rating": checkin.rating_display,
                "good_fit": checkin.get_fit_display() if checkin.fit else "",
                "answers": "\n".join(f"{a['question']}: {a['display']}" for a in checkin.answers),
                "comments": checkin.comments,
                "may_be_quoted_unnamed_in_report": checkin.quote_allowed,
            },
        )
        for checkin in checkins
    ]
    return [ExportSection("checkins", "Check-ins (your own answers)", rows, order=33)]
