"""Which notifications may go to chat, grouped in kinds: the one table that the settings
page, the delivery hook and the tests read.

A notification is known by the email template it is rendered from. A template in no kind
(safety requests, sign-in changes, anything new) is never sent to chat: it goes by email
only, so a new notification reaches chat only once someone decides it belongs there.

Channel posts are written from ``chat/channel/<kind>.txt``, rendered with the program's
name only: a channel is read by many people, so it never names who applied, who was
nudged or who was paired. Direct messages carry the notification's subject (one line)
and a link; never an email body.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    help: str
    templates: tuple[str, ...]


KINDS: tuple[Kind, ...] = (
    Kind(
        "applications",
        "New applications and sign-ups",
        "Someone applied, signed up, was invited, approved or moved off the waitlist.",
        (
            "enrollment/email/applied",
            "enrollment/email/enrolled",
            "enrollment/email/waitlisted",
            "enrollment/email/invited",
            "enrollment/email/approved",
            "enrollment/email/declined",
            "enrollment/email/promoted",
        ),
    ),
    Kind(
        "matching",
        "Matching ready",
        "Pairs were published, or a match request was sent or answered.",
        (
            "matching/email/pair_published",
            "matching/email/request_received",
            "matching/email/request_accepted",
            "matching/email/request_declined",
            "matching/email/request_moved_on",
            "matching/email/nudge_answer",
            "matching/email/nudge_choose",
        ),
    ),
    Kind(
        "at_risk",
        "Pairs at risk",
        "A pair has not met or logged a meeting for weeks and was reminded.",
        (
            "relationships/email/nudge",
            "relationships/email/nudge_no_meeting",
            "relationships/email/nudge_log_meeting",
            "relationships/email/nudge_schedule_next",
        ),
    ),
    Kind(
        "reminders",
        "Check-ins and meetings",
        "A check-in opened or is due, a meeting was proposed, moved or cancelled.",
        (
            "relationships/email/checkin_due",
            "relationships/email/meeting_proposed",
            "relationships/email/meeting_accepted",
            "relationships/email/meeting_declined",
            "relationships/email/meeting_moved",
            "relationships/email/meeting_cancelled",
            "relationships/email/meeting_pair_closed",
            "outcomes/email/assessment_open",
        ),
    ),
    Kind(
        "pairs",
        "Pairs started and closed",
        "A pair started, its agreement changed, or it was closed.",
        (
            "relationships/email/pair_started",
            "relationships/email/agreement_changed",
            "relationships/email/pair_closed",
            "relationships/email/pair_closed_neutral",
            "relationships/email/pair_ended_partner_left",
        ),
    ),
)

KIND_KEYS = tuple(kind.key for kind in KINDS)
KIND_LABELS = {kind.key: kind.label for kind in KINDS}
_BY_TEMPLATE = {template: kind.key for kind in KINDS for template in kind.templates}


def kind_of(template: str) -> str | None:
    """The kind of the notification rendered from ``template``; ``None``: email only."""
    return _BY_TEMPLATE.get(template)
