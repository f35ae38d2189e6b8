"""Confidential requests in a person's data export and erasure (receivers of the people
app's ``remento.people.lifecycle`` signals, connected in ``apps.py``).

A person's export holds the requests they asked, with the replies they received; never a
request their partner asked about them (that is the asker's and the coordinators' only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.relationships.safety.models import SafetyReply, SafetyRequest


def export_safety_requests(
    sender: Any, *, employee: Employee, **kwargs: Any
) -> list[ExportSection]:
    """The requests the person asked and the replies to them. Two queries."""
    requests = (
        SafetyRequest.objects.filter(asked_by=employee)
        .select_related("pair__program")
        .prefetch_related(Prefetch("replies", queryset=SafetyReply.objects.order_by("created_at")))
        .order_by("created_at", "id")
    )
    rows = [
        {
            "program": request.pair.program.name,
            "asked_at": request.created_at.isoformat(),
            "wish": request.get_wish_display(),
            "reason": request.get_reason_display(),
            "their_words": request.details,
            "status": request.get_status_display(),
            "replies": [reply.text for reply in request.replies.all()],
        }
        for request in requests
    ]
    return [ExportSection("safety_requests", "Confidential requests they made", rows, order=35)]


def erase_safety_requests(sender: Any, *, employee: Employee, **kwargs: Any) -> None:
    """An erased person's words go (their free text and the replies written to them); the
    request rows stay, as the coordinators' record that a pair was handled."""
    SafetyReply.objects.filter(request__asked_by=employee).update(text="")
    SafetyRequest.objects.filter(asked_by=employee).update(details="")
