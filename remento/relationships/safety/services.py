"""Writing confidential requests: a person of a pair asks to end or change it (and may add
to it); a coordinator replies privately, resolves it, or closes the pair with a neutral
message.

The partner is never told: no email, no audit detail, no page. Audit events say that a
request was made or answered and on which pair, never the reason nor the words; the
reason and words live in the request row, read only through ``selectors``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.people.access import coordinator_of, member_of
from remento.people.models import Employee
from remento.relationships.closing_emails import coordinators_told
from remento.relationships.models import OPEN_PAIR, Pair
from remento.relationships.safety.models import (
    OPEN_REQUEST_STATUSES,
    SafetyReason,
    SafetyReply,
    SafetyRequest,
    SafetyResolution,
    SafetyStatus,
    SafetyWish,
)
from remento.relationships.services import pair_close

DETAILS_MAX = 4000
REPLY_MAX = 4000
MESSAGE_MAX = 2000
ASKER_REFUSAL = "Only the two people of an open pair may ask to end or change it."
COORDINATOR_REFUSAL = "Only the program's coordinators, outside the pair, may do this."
# What both people read when a coordinator closes a pair after a request; editable.
NEUTRAL_MESSAGE = (
    "Pairs sometimes end before their time; it says nothing about either of you. "
    "Thank you for the time you gave each other. If you would like a new partner, the "
    "program's coordinators will be in touch."
)


def _locked_pair(pair: Pair) -> Pair:
    return (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "program__organization", "mentor", "mentee")
        .get(pk=pair.pk)
    )


def _coordinator(actor: User, request: SafetyRequest) -> Employee:
    """A coordinator of the organisation who is not one of the pair (a coordinator in the
    pair is its partner here, and must not learn who asked)."""
    pair = request.pair
    employee = coordinator_of(actor, pair.program.organization_id, refusal=COORDINATOR_REFUSAL)
    if employee.pk in (pair.mentor_id, pair.mentee_id):
        raise PermissionDenied(COORDINATOR_REFUSAL)
    return employee


def _locked_request(actor: User, request: SafetyRequest) -> tuple[SafetyRequest, Employee]:
    locked = (
        SafetyRequest.objects.select_for_update(of=("self",))
        .select_related("pair__program__organization", "pair__mentor", "pair__mentee", "asked_by")
        .get(pk=request.pk)
    )
    return locked, _coordinator(actor, locked)


@transaction.atomic
def safety_request_create(
    *, actor: User, pair: Pair, wish: str, reason: str, details: str = ""
) -> SafetyRequest:
    """Ask, confidentially, to end or change one's open pair: ``wish`` (SafetyWish), a
    ``reason`` (SafetyReason) and free ``details``. Seen by the coordinators only; the
    asker gets a confirmation, the coordinators an email with a link and no detail, the
    partner nothing. One waiting request per person and pair."""
    pair = _locked_pair(pair)
    employee = member_of(actor, pair.program.organization_id, refusal=ASKER_REFUSAL)
    if employee.pk not in (pair.mentor_id, pair.mentee_id):
        raise PermissionDenied(ASKER_REFUSAL)
    if not Pair.objects.filter(OPEN_PAIR, pk=pair.pk).exists():
        raise ServiceError("This pair has ended; there is nothing left to change.")
    errors: dict[str, str] = {}
    if wish not in SafetyWish.values:
        errors["wish"] = "Say whether you would like to end the pair or change something."
    if reason not in SafetyReason.values:
        errors["reason"] = "Choose the reason closest to yours."
    details = details.strip()
    if len(details) > DETAILS_MAX:
        errors["details"] = f"Keep it to {DETAILS_MAX} characters (it has {len(details)})."
    elif reason == SafetyReason.OTHER and not details:
        errors["details"] = "Say in a few words what is going on."
    if errors:
        raise FieldErrors(errors)
    if SafetyRequest.objects.filter(
        pair=pair, asked_by=employee, status__in=OPEN_REQUEST_STATUSES
    ).exists():
        raise ServiceError(
            "You already have a request waiting about this pair; a coordinator will answer it."
        )
    request = SafetyRequest.objects.create(
        pair=pair, asked_by=employee, wish=wish, reason=reason, details=details
    )
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="safety_request.create",
        target=request,
        data={"pair": pair.pk},
    )
    notify(
        to=employee,
        template="relationships/email/safety_request_received",
        context={"request": request, "program": pair.program},
    )
    for coordinator in coordinators_told(pair):
        notify(
            to=coordinator,
            template="relationships/email/safety_request_waiting",
            context={"request": request, "program": pair.program},
        )
    return request


@transaction.atomic
def safety_request_reply(*, actor: User, request: SafetyRequest, text: str) -> SafetyReply:
    """A coordinator's private reply: the asker reads it by email and on the request's
    page; the partner is told nothing."""
    request, employee = _locked_request(actor, request)
    reply = _add_reply(actor, request, employee, text, status=SafetyStatus.ANSWERED)
    notify(
        to=request.asked_by,
        template="relationships/email/safety_request_reply",
        context={"request": request, "reply": reply, "program": request.pair.program},
    )
    return reply


@transaction.atomic
def safety_request_add(*, actor: User, request: SafetyRequest, text: str) -> SafetyReply:
    """The asker adds to their waiting request (an answer to a coordinator's reply): it
    waits for a coordinator again, and the coordinators are emailed a link, no detail."""
    locked = (
        SafetyRequest.objects.select_for_update(of=("self",))
        .select_related("pair__program__organization", "pair__mentor", "pair__mentee")
        .get(pk=request.pk)
    )
    employee = member_of(actor, locked.pair.program.organization_id, refusal=ASKER_REFUSAL)
    if employee.pk != locked.asked_by_id:
        raise PermissionDenied("Only the person who asked may add to their request.")
    if not locked.is_open:
        raise ServiceError("This request is resolved; send a new one if you need to.")
    reply = _add_reply(actor, locked, employee, text, status=SafetyStatus.OPEN)
    for coordinator in coordinators_told(locked.pair):
        notify(
            to=coordinator,
            template="relationships/email/safety_request_waiting",
            context={"request": locked, "program": locked.pair.program},
        )
    return reply


def _add_reply(
    actor: User, request: SafetyRequest, employee: Employee, text: str, *, status: str
) -> SafetyReply:
    text = text.strip()
    if not text:
        raise FieldErrors({"text": "Write your message."})
    if len(text) > REPLY_MAX:
        raise FieldErrors({"text": f"Keep it to {REPLY_MAX} characters."})
    reply = SafetyReply.objects.create(request=request, author=employee, text=text)
    if request.is_open and request.status != status:
        request.status = status
        request.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        organization=request.pair.program.organization,
        verb="safety_request.reply",
        target=request,
        data={"pair": request.pair_id},
    )
    return reply


def _resolve(actor: User, request: SafetyRequest, employee: Employee, resolution: str) -> None:
    request.status = SafetyStatus.RESOLVED
    request.resolution = resolution
    request.resolved_by = employee
    request.resolved_at = timezone.now()
    request.save(update_fields=["status", "resolution", "resolved_by", "resolved_at", "updated_at"])
    audit_log(
        actor=actor,
        organization=request.pair.program.organization,
        verb="safety_request.resolve",
        target=request,
        data={"pair": request.pair_id, "resolution": resolution},
    )


@transaction.atomic
def safety_request_resolve(*, actor: User, request: SafetyRequest) -> SafetyRequest:
    """Mark a request handled without closing the pair (e.g. after a conversation)."""
    request, employee = _locked_request(actor, request)
    if not request.is_open:
        raise ServiceError("This request is resolved already.")
    _resolve(actor, request, employee, SafetyResolution.HANDLED)
    return request


@transaction.atomic
def safety_pair_close(*, actor: User, request: SafetyRequest, message: str) -> Pair:
    """Close the request's pair with a neutral ``message`` to both people (no reason, no
    word of who asked), through ``pair_close``: the pair's future meetings are cancelled
    and the closing check-ins open there. Every waiting request on the pair is resolved."""
    request, employee = _locked_request(actor, request)
    message = message.strip()
    if not message:
        raise FieldErrors({"message": "Write the message both people will read."})
    if len(message) > MESSAGE_MAX:
        raise FieldErrors({"message": f"Keep the message to {MESSAGE_MAX} characters."})
    pair = pair_close(actor=actor, pair=request.pair, reason=message, neutral=True)
    waiting = SafetyRequest.objects.select_for_update(of=("self",)).filter(
        pair=pair, status__in=OPEN_REQUEST_STATUSES
    )
    for each in waiting.select_related("pair__program__organization"):
        _resolve(actor, each, employee, SafetyResolution.PAIR_CLOSED)
    return pair
