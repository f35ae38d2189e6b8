"""Pairs when a person leaves, is erased or has their data exported (receivers of the
people app's ``remento.people.lifecycle`` signals, connected in ``apps.py``).

What staff do not read in the app (``confidential.CONFIDENTIAL_EXPORT_FIELDS``) is in the
person's own export only; a copy that an admin opens says where each left-out field would be,
and where it is read: by the person in their own copy, and by an admin through the pair page's
break-glass step only where that step opens it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from remento.core.models import AuditEvent, Organization, User
from remento.core.notifications import notify
from remento.core.outgoing import emails_to_forget
from remento.core.words import count_of
from remento.people.importing.batches import chunks
from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.people.services.personal_export import own_copy_address
from remento.relationships.checkins.services import closing_checkins_open
from remento.relationships.completion import ran_its_course
from remento.relationships.confidential import CONFIDENTIAL_EXPORT_FIELDS, StaffRead
from remento.relationships.meetings.closing import meetings_cancel_for_closed_pairs
from remento.relationships.models import OPEN_PAIR, AgreementSignature, Pair, PairStatus
from remento.relationships.signals import pair_closed

LEAVER_END_REASON = "The pair ended because one of its two people is no longer taking part."


def _open_pairs_of(organization: Organization, people: Sequence[int]) -> QuerySet[Pair]:
    """The open pairs of ``organization`` that one of ``people`` is in: what their leaving
    closes."""
    return Pair.objects.filter(OPEN_PAIR, program__organization=organization).filter(
        Q(mentor_id__in=people) | Q(mentee_id__in=people)
    )


def pairs_of_leavers_preview(
    sender: Any, *, organization: Organization, employee_pks: list[int], **kwargs: Any
) -> list[str]:
    """What :func:`close_pairs_of_leavers` would close, for an import's preview. A query per
    2000 people."""
    count = 0
    for chunk in chunks(sorted(set(employee_pks))):
        count += _open_pairs_of(organization, chunk).count()
    if not count:
        return []
    return [
        f"{count_of(count, 'open pair')} {'closes' if count == 1 else 'close'}, and each "
        "partner who stays is told by email."
    ]


def close_pairs_of_leavers(
    sender: Any,
    *,
    organization: Organization,
    employee_pks: list[int],
    actor: User | None,
    **kwargs: Any,
) -> None:
    """Close the open pairs of people who leave, with a neutral reason, and tell each partner
    who stays by email. Queries grow with len(employee_pks) / 2000, plus the bulk writes."""
    leaving = set(employee_pks)
    pairs: dict[int, Pair] = {}
    for chunk in chunks(sorted(leaving)):
        for pair in (
            _open_pairs_of(organization, chunk)
            .select_for_update(of=("self",))
            .select_related("program", "mentor", "mentee")
        ):
            pairs[pair.pk] = pair
    if not pairs:
        return
    now = timezone.now()
    completed = {pk for pk, pair in pairs.items() if ran_its_course(pair, program_closed=False)}
    for chunk in chunks(sorted(pairs)):
        Pair.objects.filter(pk__in=chunk).update(
            status=PairStatus.CLOSED,
            ended_at=now,
            end_reason=LEAVER_END_REASON,
            completed=False,
            updated_at=now,
        )
    for chunk in chunks(sorted(completed)):
        Pair.objects.filter(pk__in=chunk).update(completed=True)
    _audit_closings(organization=organization, actor=actor, pairs=list(pairs.values()))
    for pair in pairs.values():
        pair.status, pair.ended_at, pair.end_reason = PairStatus.CLOSED, now, LEAVER_END_REASON
        pair.completed = pair.pk in completed
    _follow_up(actor=actor, pairs=list(pairs.values()), leaving=leaving)
    for pair in pairs.values():
        for person, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
            if person.pk in leaving or not person.is_active:
                continue
            notify(
                to=person,
                template="relationships/email/pair_ended_partner_left",
                context={"pair": pair, "partner": partner, "program": pair.program},
            )


def _audit_closings(*, organization: Organization, actor: User | None, pairs: list[Pair]) -> None:
    """One ``pair.close`` audit event per pair a leaver ended (still open in memory)."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                organization=organization,
                actor=actor if actor is not None and actor.pk else None,
                verb="pair.close",
                target_type=Pair._meta.label_lower,
                target_id=str(pair.pk),
                data={"was": pair.status, "person_left": True},
            )
            for pair in pairs
        ],
        batch_size=500,
    )


def _follow_up(*, actor: User | None, pairs: list[Pair], leaving: set[int]) -> None:
    """What every pair's ending does, for pairs ended by a leaver: their future meetings leave
    the calendars of whoever stays, whoever stays is asked the closing check-in, and the apps
    above are told (``signals.pair_closed``: the skill assessments at the end)."""
    not_to = leaving | {
        person.pk for pair in pairs for person in (pair.mentor, pair.mentee) if not person.is_active
    }
    meetings_cancel_for_closed_pairs(actor=actor, pairs=pairs, not_to=not_to)
    for pair in pairs:
        for person in (pair.mentor, pair.mentee):
            # In memory only: a person who is leaving is asked no closing check-in.
            if person.pk in leaving:
                person.is_active = False
        closing_checkins_open(pair=pair)
    pair_closed.send(sender=Pair, pairs=pairs, actor=actor, leaving=frozenset(leaving))


def withheld_notice(*, pair: Pair, employee: Employee, staff_read: StaffRead) -> str:
    """What an admin's copy of ``employee``'s export says in place of a confidential field of
    ``pair``: why it is left out and where it can be read: in the person's own copy, and on
    the pair's page after stating a reason only where break-glass opens it (``staff_read``)."""
    own_copy = (
        f"{employee.display_name} can download it from their own profile, at {own_copy_address()}"
    )
    if staff_read != "break-glass":
        return f"Left out of this copy: it is confidential. {own_copy}."
    pair_page = settings.SITE_URL.rstrip("/") + reverse("relationships:pair_detail", args=[pair.pk])
    return (
        f"Left out of this copy: it is confidential to the pair. {own_copy}; an organisation "
        f"admin who is not one of the pair can read it on the pair's page, {pair_page}, after "
        "stating a reason there (the reason is recorded and both people see it)."
    )


def keep_confidential(
    section: str, row: dict[str, Any], *, pair: Pair, employee: Employee, own: bool
) -> dict[str, Any]:
    """``row`` of the export's ``section`` as ``employee``'s export holds it: whole when they
    opened it themselves (``own``); otherwise each field that
    ``CONFIDENTIAL_EXPORT_FIELDS`` names for ``section`` and that holds something is replaced
    by its ``withheld_notice``."""
    fields = CONFIDENTIAL_EXPORT_FIELDS.get(section, {})
    if own or not fields:
        return row
    notices = {
        staff_read: withheld_notice(pair=pair, employee=employee, staff_read=staff_read)
        for staff_read in set(fields.values())
    }
    return {
        key: notices[fields[key]] if key in fields and value else value
        for key, value in row.items()
    }


def pair_row(pair: Pair, employee: Employee, columns: dict[str, Any]) -> dict[str, Any]:
    """An export row about one of ``employee``'s pairs: its program, the partner by name
    only, then ``columns``."""
    partner = pair.partner_of(employee.pk)
    return {"program": pair.program.name, "partner": partner.display_name, **columns}


def export_pairs(
    sender: Any, *, employee: Employee, own: bool = False, **kwargs: Any
) -> list[ExportSection]:
    """The person's pairs (the partner by name only), their terms and the person's
    signatures; what a pair keeps from staff only when the person exports it themselves
    (``own``, see ``keep_confidential``). Two queries."""
    pairs = (
        Pair.objects.filter(Q(mentor=employee) | Q(mentee=employee))
        .select_related("program", "mentor", "mentee", "agreement")
        .order_by("created_at", "id")
    )
    rows = []
    for pair in pairs:
        terms = getattr(pair, "agreement", None)
        row = pair_row(
            pair,
            employee,
            {
                "role": "mentor" if pair.mentor_id == employee.pk else "mentee",
                "status": pair.get_status_display(),
                "started_at": pair.started_at.isoformat() if pair.started_at else None,
                "ended_at": pair.ended_at.isoformat() if pair.ended_at else None,
                "why_it_ended": pair.end_reason,
                "agreed_goals": terms.goals if terms else "",
                "days_between_meetings": terms.cadence_days if terms else None,
                "confidentiality_acknowledged": terms.confidentiality if terms else False,
            },
        )
        rows.append(keep_confidential("pairs", row, pair=pair, employee=employee, own=own))
    signatures = AgreementSignature.objects.filter(employee=employee).select_related(
        "pair__program"
    )
    return [
        ExportSection("pairs", "Mentoring pairs and agreements", rows, order=30),
        ExportSection(
            "agreement_signatures",
            "Agreement signatures",
            [
                keep_confidential(
                    "agreement_signatures",
                    {
                        "program": signature.pair.program.name,
                        "signed_at": signature.signed_at.isoformat(),
                        "text_signed": signature.text,
                        "sha256": signature.text_sha256,
                    },
                    pair=signature.pair,
                    employee=employee,
                    own=own,
                )
                for signature in signatures
            ],
            order=31,
        ),
    ]


def forget_partners_emails(sender: Any, *, employee: Employee, **kwargs: Any) -> None:
    """``person_erasing`` receiver: the emails sent to the erased person's partners since
    their first pair may name them (a pair published, a pair ended), so the outbox no
    longer shows their text."""
    pairs = list(
        Pair.objects.filter(Q(mentor=employee) | Q(mentee=employee)).select_related(
            "mentor", "mentee"
        )
    )
    if not pairs:
        return
    partners = {pair.partner_of(employee.pk) for pair in pairs}
    emails_to_forget(
        organization_id=employee.organization_id,
        recipients=sorted(partner.email for partner in partners),
        since=min(pair.created_at for pair in pairs),
    )
