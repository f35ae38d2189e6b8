"""Nudging pairs: the coordinator's editable nudge and sending it to one pair or to every
pair in a state. Each pair gets at most one coordinator's nudge a day (a double click, or
"nudge all At risk" twice, sends once): the ``NudgeSent`` row for the day is unique."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.core.words import cadence_in_words, count_of
from remento.people.access import coordinator_of
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.health import text
from remento.relationships.health.models import NudgeCondition, NudgeSent, NudgeTemplate
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import PairHealth, health_of_pairs
from remento.relationships.models import OPEN_PAIR_STATUSES, Pair

REFUSAL = "Only coordinators of this program's organisation may nudge its pairs."


def nudge_text_of(program: Program) -> tuple[str, str]:
    """The program's nudge subject and body, or the default ones."""
    try:
        template = program.nudge_template
    except NudgeTemplate.DoesNotExist:
        return text.DEFAULT_SUBJECT, text.DEFAULT_BODY
    return template.subject, template.body


@transaction.atomic
def nudge_template_update(
    *, actor: User, program: Program, subject: str, body: str
) -> NudgeTemplate:
    """Save ``program``'s nudge; ``FieldErrors`` for an empty text or an unknown
    placeholder (only ``text.PLACEHOLDERS``, so a nudge can never reach other data)."""
    coordinator = coordinator_of(actor, program.organization_id, refusal=REFUSAL)
    subject, body = text.check(subject=subject, body=body)
    template, _created = NudgeTemplate.objects.update_or_create(
        program=program, defaults={"subject": subject, "body": body, "updated_by": coordinator}
    )
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="nudge_template.update",
        target=template,
    )
    return template


def pair_url(pair: Pair) -> str:
    return settings.SITE_URL + reverse("relationships:pair_detail", args=[pair.pk])


def meeting_gap(row: PairHealth, partner: Employee) -> str:
    """When the pair last met, in words, also for a pair that has not met (or started) yet:
    never "0 days since you last met"."""
    summary = row.meetings
    days = row.days_since_meeting or 0
    if summary is not None and summary.last_held is not None:
        return f"It has been {count_of(days, 'day')} since you and {partner.display_name} last met"
    if row.pair.started_at is not None and days > 0:
        return (
            f"You and {partner.display_name} have not met yet in the "
            f"{count_of(days, 'day')} since your pair started"
        )
    return f"You and {partner.display_name} have not met yet"


def _values(row: PairHealth, recipient: Employee, coordinator: Employee) -> dict[str, str]:
    pair = row.pair
    partner = pair.partner_of(recipient.pk)
    return {
        "first_name": recipient.preferred_name or recipient.first_name,
        "partner": partner.display_name,
        "program": pair.program.name,
        "meeting_gap": meeting_gap(row, partner),
        "days_since_meeting": str(row.days_since_meeting or 0),
        "cadence": cadence_in_words(row.cadence_days),
        "coordinator": coordinator.display_name,
        "pair_url": pair_url(pair),
    }


def _send(row: PairHealth, coordinator: Employee, subject: str, body: str) -> None:
    for person in (row.pair.mentor, row.pair.mentee):
        values = _values(row, person, coordinator)
        notify(
            to=person,
            template="relationships/email/nudge",
            context={
                "subject": text.fill(subject, values),
                "body": text.fill(body, values),
                "pair": row.pair,
            },
        )


@dataclass(frozen=True)
class NudgeResult:
    sent: list[Pair]
    already: list[Pair]


@transaction.atomic
def nudge_send(
    *,
    actor: User,
    program: Program,
    pair_ids: list[int] | None = None,
    state: str = "",
    now: datetime | None = None,
) -> NudgeResult:
    """Email the program's nudge to both people of each chosen open pair: the pairs of
    ``pair_ids``, or every pair whose health is ``state``. A pair already nudged by a
    coordinator today is skipped (``already``). ``ServiceError`` for nothing to nudge."""
    coordinator = coordinator_of(actor, program.organization_id, refusal=REFUSAL)
    now = now or timezone.now()
    pairs = Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES)
    if pair_ids is not None:
        pairs = pairs.filter(pk__in=pair_ids)
    rows = health_of_pairs(pairs=pairs, viewer=coordinator, now=now)
    if state:
        rows = [row for row in rows if row.state == state]
    if not rows:
        label = HealthState(state).label if state in HealthState else ""
        raise ServiceError(f"No open pair is {label}." if label else "No such open pair.")
    subject, body = nudge_text_of(program)
    day = timezone.localdate(now).isoformat()
    sent, already = [], []
    for row in rows:
        try:
            with transaction.atomic():
                NudgeSent.objects.create(
                    pair=row.pair,
                    condition=NudgeCondition.COORDINATOR,
                    occurrence=day,
                    sent_at=now,
                    sent_by=coordinator,
                )
        except IntegrityError:
            already.append(row.pair)
            continue
        _send(row, coordinator, subject, body)
        sent.append(row.pair)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="pair.nudge",
        target=program,
        data={"pairs": [pair.pk for pair in sent], "state": state},
    )
    return NudgeResult(sent=sent, already=already)
