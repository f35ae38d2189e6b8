"""Break-glass access to a pair's confidential content.

A pair's own terms (the goals in its agreement) and why it ended are between its two people.
An organisation admin who is not one of them sees them only after stating a reason: the
reason is audited (``pair.confidential_viewed``), the access lasts for that browser session
and that pair only, and the two people see on their pair page who looked, when and why.
Coordinators who are not one of the pair see the pair's progress, never this content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent, User
from remento.people.models import Employee
from remento.relationships.models import Pair

VERB = "pair.confidential_viewed"

# What staff do not read in the app, by the section and field names of the personal-data
# export, with how staff could read it: "break-glass" is what the pair page (with its goals
# page) keeps from staff until an admin states a reason there; "never" is what no member of
# staff ever reads in the app, not even through that step. An export that anyone but the
# person opens leaves all of it out (``relationships.personal_data.keep_confidential``): the
# goals in the pair's agreement, why the pair ended, the agreement as signed and its hash
# (the text holds those goals), each goal's title and details on the goals page ("break-glass");
# the titles of the person's action items (the pair's workspace), what the pair wrote about
# each meeting (place, video link, agenda, topics) and the levels the person
# gave in a skill assessment, which only its rater reads ("never").
StaffRead = Literal["break-glass", "never"]
CONFIDENTIAL_EXPORT_FIELDS: dict[str, dict[str, StaffRead]] = {
    "pairs": {"agreed_goals": "break-glass", "why_it_ended": "break-glass"},
    "agreement_signatures": {"text_signed": "break-glass", "sha256": "break-glass"},
    "goals": {"goal": "break-glass", "details": "break-glass"},
    "action_items": {"action": "never"},
    "meetings": {"place": "never", "video_link": "never", "agenda": "never", "topics": "never"},
    "skill_assessments": {"ratings": "never"},
}
SESSION_KEY = "remento_confidential_pairs"
REASON_MIN, REASON_MAX = 10, 500


def may_break_glass(*, viewer: Employee, pair: Pair) -> bool:
    """An active admin of the pair's organisation who is not one of its two people."""
    return (
        viewer.is_active
        and viewer.is_admin
        and viewer.organization_id == pair.program.organization_id
        and viewer.pk not in (pair.mentor_id, pair.mentee_id)
    )


def confidential_open(*, viewer: Employee, pair: Pair, session: SessionBase) -> bool:
    """Whether ``viewer`` sees the pair's confidential content now: one of the two people,
    or an admin who stated a reason for this pair in this session."""
    if viewer.pk in (pair.mentor_id, pair.mentee_id):
        return True
    return may_break_glass(viewer=viewer, pair=pair) and pair.pk in session.get(SESSION_KEY, [])


@transaction.atomic
def pair_confidential_view(*, actor: User, pair: Pair, reason: str) -> AuditEvent:
    """Record why the admin ``actor`` opens the pair's confidential content: ``reason`` goes
    in the audit trail (10 to 500 characters, else ``FieldErrors``). The view then
    opens it for the session with ``confidential_grant``."""
    viewer: Employee | None = getattr(actor, "employee", None)
    if viewer is None or not may_break_glass(viewer=viewer, pair=pair):
        raise PermissionDenied("Only an organisation admin who is not one of the pair may.")
    reason = " ".join(reason.split())
    if len(reason) < REASON_MIN:
        raise FieldErrors({"reason": "Say why you need to see it, in a full sentence."})
    if len(reason) > REASON_MAX:
        raise FieldErrors({"reason": f"Keep the reason to {REASON_MAX} characters."})
    event = audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb=VERB,
        target=pair,
        data={"reason": reason, "by": viewer.pk, "by_name": viewer.display_name},
    )
    return event


def confidential_grant(*, session: SessionBase, pair: Pair) -> None:
    """Open ``pair``'s confidential content for the rest of this session (call it once
    ``pair_confidential_view`` has recorded the reason)."""
    granted = list(session.get(SESSION_KEY, []))
    if pair.pk not in granted:
        session[SESSION_KEY] = [*granted, pair.pk]


@dataclass(frozen=True)
class ConfidentialView:
    """One time an admin opened the pair's confidential content."""

    at: dt.datetime
    by: str
    reason: str


def confidential_views(*, pair: Pair) -> list[ConfidentialView]:
    """Who opened the pair's confidential content, when and why, newest first. One query."""
    events = AuditEvent.objects.filter(
        verb=VERB, target_type=Pair._meta.label_lower, target_id=str(pair.pk)
    ).order_by("-created_at", "-id")
    return [
        ConfidentialView(
            at=event.created_at,
            by=str(event.data.get("by_name") or "An organisation admin"),
            reason=str(event.data.get("reason", "")),
        )
        for event in events
    ]
