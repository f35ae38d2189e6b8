"""Launching a pair: its agreement, signatures, kick-off checklist, start and close.

Every service takes the acting sign-in (``actor``), checks that they are one of the pair (or,
where said, a coordinator of the program's organisation), locks the pair row so two people
acting at once see each other's writes, and records an audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.people.access import coordinator_of, member_of
from remento.people.models import Employee
from remento.programs.models import PAIRING_STATUSES, Program, Status
from remento.relationships.agreement import agreement_document, signature_covers, text_hash
from remento.relationships.checkins.services import closing_checkins_open
from remento.relationships.closing_emails import tell_pair_closed
from remento.relationships.completion import ran_its_course
from remento.relationships.meetings.services import meetings_cancel_for_closed_pair
from remento.relationships.models import (
    AUTOMATIC_STEPS,
    OPEN_PAIR,
    AgreementSignature,
    ChecklistStep,
    ChecklistTick,
    Pair,
    PairAgreement,
    PairSource,
    PairStatus,
)
from remento.relationships.selectors import not_launched_message, pair_launch_state, terms_of
from remento.relationships.signals import pair_closed, pair_started

GOALS_MAX = 4000
CADENCE_MIN, CADENCE_MAX = 1, 90
REASON_MAX = 2000


MEMBER_REFUSAL = "Only the pair's two people and the program's coordinators may."
COORDINATOR_REFUSAL = "Only coordinators of this program's organisation may do this."


def _require_program_open(pair: Pair, doing: str) -> None:
    """Launch work needs the program in Matching (pairs get ready) or Active."""
    program = pair.program
    if program.status not in PAIRING_STATUSES:
        raise ServiceError(
            f"{program.name} is {program.get_status_display().lower()}; {doing} only while "
            "it is in the Matching or Active step."
        )


def _member(actor: User, pair: Pair) -> Employee:
    employee = member_of(actor, pair.program.organization_id, refusal=MEMBER_REFUSAL)
    if employee.pk not in (pair.mentor_id, pair.mentee_id):
        raise PermissionDenied("Only the two people of the pair may do this.")
    return employee


def _member_or_coordinator(actor: User, pair: Pair) -> Employee:
    employee = member_of(actor, pair.program.organization_id, refusal=MEMBER_REFUSAL)
    if employee.pk not in (pair.mentor_id, pair.mentee_id) and not employee.is_coordinator:
        raise PermissionDenied(MEMBER_REFUSAL)
    return employee


def _lock(pair: Pair) -> Pair:
    """The pair re-read under a row lock, so checks and writes see the latest state."""
    return (
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "program__organization", "mentor", "mentee")
        .get(pk=pair.pk)
    )


@transaction.atomic
def pair_create(
    *,
    actor: User,
    program: Program,
    mentor: Employee,
    mentee: Employee,
    source: PairSource,
    score: float | None = None,
    reasons: list[str] | None = None,
) -> Pair:
    """Open a launching pair of ``mentor`` and ``mentee`` in ``program``: the one way a pair
    is made (a coordinator publishing a matching run, a mentor accepting a request).

    Call holding the program row (``remento.programs.locks.program_lock``) once the places
    are checked (the mentor's capacity, the program's “pairs at once”): counts read under
    that lock stay true until the pair is written. The actor is a coordinator of the
    program's organisation or the mentor themselves. A mentee who already has an open pair in
    the program (the ``pair_one_open_per_mentee`` constraint) raises ``ServiceError`` with
    nothing written, and the surrounding transaction goes on. Nobody is emailed here: each
    caller tells the two people in its own words.
    """
    employee = member_of(actor, program.organization_id, refusal=COORDINATOR_REFUSAL)
    if not employee.is_coordinator and employee.pk != mentor.pk:
        raise PermissionDenied(COORDINATOR_REFUSAL)
    if {mentor.organization_id, mentee.organization_id} != {program.organization_id}:
        raise PermissionDenied("Both people must belong to the program's organisation.")
    try:
        # No inner savepoint: this service's own (when nested) is rolled back on the way out.
        pair = Pair.objects.create(
            program=program,
            mentor=mentor,
            mentee=mentee,
            status=PairStatus.LAUNCHING,
            source=source,
            score=score,
            reasons=list(reasons or []),
            created_by=actor,
            mentee_sort_name=mentee.sort_name,
        )
    except IntegrityError:
        raise ServiceError(f"{mentee} already has a mentor in {program.name}.") from None
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="pair.create",
        target=pair,
        data={"source": source, "mentor": mentor.pk, "mentee": mentee.pk},
    )
    return pair


@transaction.atomic
def pair_agreement_update(
    *, actor: User, pair: Pair, goals: str, cadence_days: int | None, confidentiality: bool
) -> PairAgreement:
    """Save the terms the pair fills in together (either of the two, while launching).

    A change to terms someone already signed means both sign again: their signatures keep
    the text they signed, which no longer matches. Bad input raises ``FieldErrors``
    naming the field; nothing is written.
    """
    pair = _lock(pair)
    employee = _member(actor, pair)
    if pair.status != PairStatus.LAUNCHING:
        raise ServiceError("The pair has started; its agreement stays as both of you signed it.")
    _require_program_open(pair, "a pair's agreement can be filled in")
    errors: dict[str, str] = {}
    goals = goals.strip()
    if len(goals) > GOALS_MAX:
        errors["goals"] = f"Keep the goals to {GOALS_MAX} characters (they have {len(goals)})."
    if cadence_days is not None and not CADENCE_MIN <= cadence_days <= CADENCE_MAX:
        errors["cadence_days"] = (
            f"Meet every {CADENCE_MIN} to {CADENCE_MAX} days, not every {cadence_days}."
        )
    if errors:
        raise FieldErrors(errors)
    terms = terms_of(pair) or PairAgreement(pair=pair)
    before = (terms.goals, terms.cadence_days, terms.confidentiality)
    terms.goals = goals
    terms.cadence_days = cadence_days
    terms.confidentiality = confidentiality
    terms.updated_by = employee
    terms.save()
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="pair.agreement_update",
        target=pair,
        data={
            "changed": before != (goals, cadence_days, confidentiality),
            "cadence_days": cadence_days,
            "confidentiality": confidentiality,
        },
    )
    return terms


@transaction.atomic
def agreement_sign(*, actor: User, pair: Pair) -> AgreementSignature:
    """Sign the pair's agreement as it reads now (one of the two people only).

    The signature keeps a copy of the text and its hash, so later edits to the program's
    text or to the pair's terms never change what was signed. Signing the same version again
    returns the first signature unchanged.
    """
    pair = _lock(pair)
    employee = _member(actor, pair)
    terms = terms_of(pair)
    document = agreement_document(pair=pair, terms=terms)
    digest = text_hash(document)
    existing = next(
        (
            signature
            for signature in AgreementSignature.objects.filter(pair=pair, employee=employee)
            if signature_covers(signature, document)
        ),
        None,
    )
    if existing is not None:
        return existing
    if pair.status != PairStatus.LAUNCHING:
        raise ServiceError("The pair is no longer launching; there is nothing left to sign.")
    _require_program_open(pair, "agreements can be signed")
    if terms is None or not terms.is_complete:
        missing = []
        if terms is None or not terms.goals.strip():
            missing.append("your goals")
        if terms is None or terms.cadence_days is None:
            missing.append("how often you meet")
        if terms is None or not terms.confidentiality:
            missing.append("the confidentiality acknowledgement")
        raise ServiceError(
            "Fill in the agreement's own terms before signing: " + ", ".join(missing) + "."
        )
    try:
        with transaction.atomic():
            signature = AgreementSignature.objects.create(
                pair=pair, employee=employee, text=document, text_sha256=digest
            )
    except IntegrityError:
        # The same person signing in two tabs at once: the first signature stands.
        return AgreementSignature.objects.get(pair=pair, employee=employee, text_sha256=digest)
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="pair.agreement_sign",
        target=pair,
        data={"employee": employee.pk, "text_sha256": digest},
    )
    return signature


@transaction.atomic
def checklist_tick(*, actor: User, pair: Pair, step: str, done: bool) -> None:
    """Tick (``done``) or untick a kick-off step; either of the two may, until the pair
    closes. Signing and training tick themselves and cannot be ticked by hand."""
    pair = _lock(pair)
    employee = _member(actor, pair)
    if step not in ChecklistStep.values:
        raise ServiceError(f"“{step}” is not a step of the kick-off checklist.")
    if step in AUTOMATIC_STEPS:
        raise ServiceError(
            f"“{ChecklistStep(step).label}” ticks itself once it is true; it cannot be ticked "
            "by hand."
        )
    if pair.status == PairStatus.CLOSED:
        raise ServiceError("The pair is closed; its checklist can no longer change.")
    if done:
        _, created = ChecklistTick.objects.get_or_create(
            pair=pair, step=step, defaults={"done_by": employee}
        )
    else:
        created = ChecklistTick.objects.filter(pair=pair, step=step).delete()[0] > 0
    if created:
        audit_log(
            actor=actor,
            organization=pair.program.organization,
            verb="pair.checklist_tick" if done else "pair.checklist_untick",
            target=pair,
            data={"step": step},
        )


@transaction.atomic
def pair_start(*, actor: User, pair: Pair) -> Pair:
    """Move a launching pair to active (either of the two, or a coordinator).

    Only once the coordinator has launched the program (Active), both have signed the
    agreement as it reads now and neither is missing a required before-launch training
    module; otherwise a ``ServiceError`` says in plain words
    who is missing what, e.g. “Dana Lee has not completed: Giving and receiving feedback.”
    Both people are told by email once the pair has started.
    """
    pair = _lock(pair)
    _member_or_coordinator(actor, pair)
    if pair.status != PairStatus.LAUNCHING:
        raise ServiceError(f"The pair is {pair.get_status_display().lower()}, not launching.")
    if pair.program.status != Status.ACTIVE:
        raise ServiceError(not_launched_message(pair.program))
    state = pair_launch_state(pair=pair)
    if state.blockers:
        raise ServiceError("The pair cannot start yet. " + " ".join(state.blockers))
    pair.status = PairStatus.ACTIVE
    pair.started_at = timezone.now()
    pair.save(update_fields=["status", "started_at", "updated_at"])
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="pair.start",
        target=pair,
        data={"program": pair.program_id},
    )
    pair_started.send(sender=Pair, pair=pair, actor=actor)
    for person, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
        notify(
            to=person,
            template="relationships/email/pair_started",
            context={"pair": pair, "partner": partner, "program": pair.program},
        )
    return pair


@transaction.atomic
def pair_close(*, actor: User, pair: Pair, reason: str, neutral: bool = False) -> Pair:
    """End a launching or active pair (either of the two, or a coordinator), saying why.

    Both people are told by email; the pair's history (agreement, signatures) stays, its
    future meetings are cancelled in both calendars and, when it had started, both are asked
    the closing check-in. ``neutral`` (a coordinator only, e.g. after a confidential request
    to end the pair) sends an email that names neither who closed the pair nor why; the
    ``reason`` is then the neutral message both people read on the pair page.
    """
    pair = _lock(pair)
    employee = _member_or_coordinator(actor, pair)
    if neutral and not employee.is_coordinator:
        raise PermissionDenied(COORDINATOR_REFUSAL)
    if pair.status == PairStatus.CLOSED:
        raise ServiceError("The pair is already closed.")
    reason = reason.strip()
    if not reason:
        raise FieldErrors({"reason": "Say in a few words why the pair ends."})
    if len(reason) > REASON_MAX:
        raise FieldErrors({"reason": f"Keep the reason to {REASON_MAX} characters."})
    _close(actor=actor, employee=employee, pair=pair, reason=reason, neutral=neutral)
    return pair


def _close(
    *,
    actor: User,
    employee: Employee,
    pair: Pair,
    reason: str,
    program_closed: bool = False,
    neutral: bool = False,
) -> None:
    """Close a locked open pair, audit it, cancel its future meetings, open the closing
    check-ins and tell both people: the one way a pair ends (people who leave end theirs in
    bulk, ``personal_data.close_pairs_of_leavers``, with the same follow-ups)."""
    was = pair.status
    pair.status = PairStatus.CLOSED
    pair.ended_at = timezone.now()
    pair.end_reason = reason
    pair.completed = ran_its_course(pair, program_closed=program_closed)
    pair.save(update_fields=["status", "ended_at", "end_reason", "completed", "updated_at"])
    data: dict[str, object] = {"was": was, "by": employee.pk}
    if program_closed:
        data["program_closed"] = True
    if neutral:
        data["neutral"] = True
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb="pair.close",
        target=pair,
        data=data,
    )
    meetings_cancel_for_closed_pair(actor=actor, pair=pair)
    closing_checkins_open(pair=pair)
    pair_closed.send(sender=Pair, pairs=[pair], actor=actor, leaving=frozenset())
    tell_pair_closed(pair=pair, closed_by=employee, neutral=neutral)


PROGRAM_CLOSED_REASON = "Program closed."


@transaction.atomic
def pairs_close_for_program(*, actor: User, program: Program) -> list[Pair]:
    """Close every open pair of a program that closes, with the reason “Program closed.”;
    both people of each pair are told by email. Returns the pairs closed.

    Called by the transition to Closed, holding the program row, so no pair is created
    meanwhile; each pair row is locked, so a pair starting at that moment ends closed.
    """
    employee = coordinator_of(actor, program.organization_id, refusal=COORDINATOR_REFUSAL)
    pairs = list(
        Pair.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .filter(OPEN_PAIR, program=program)
        .order_by("pk")
    )
    for pair in pairs:
        _close(
            actor=actor,
            employee=employee,
            pair=pair,
            reason=PROGRAM_CLOSED_REASON,
            program_closed=True,
        )
    return pairs
