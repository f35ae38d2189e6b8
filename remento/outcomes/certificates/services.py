"""The mentor's certificate: downloading it, and the note to their manager (with consent)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.core.pdf import pdf_bytes
from remento.outcomes.certificates.selectors import NOTE_VERB, Certificate, manager_note_of
from remento.people.access import acting_employee
from remento.relationships.models import Pair

REFUSAL = "Only the mentor of this pair may use its certificate."
NOTE_TEMPLATE = "outcomes/email/certificate_manager_note"


def _check_mentor(actor: User, certificate: Certificate) -> None:
    employee = acting_employee(actor)
    pair = certificate.pair
    if employee.pk != pair.mentor_id or not pair.completed:
        raise PermissionDenied(REFUSAL)


@transaction.atomic
def certificate_pdf_download(*, actor: User, certificate: Certificate, html: str) -> bytes:
    """``html`` (the rendered certificate) as a PDF for the pair's mentor, recorded in the
    audit trail. Anyone else: ``PermissionDenied``."""
    _check_mentor(actor, certificate)
    pdf = pdf_bytes(html)
    audit_log(
        actor=actor,
        organization=certificate.pair.program.organization,
        verb="certificate.downloaded",
        target=certificate.pair,
        data={"hours": certificate.hours, "skills": list(certificate.skills)},
    )
    return pdf


@transaction.atomic
def certificate_manager_note_send(*, actor: User, certificate: Certificate) -> None:
    """Email the mentor's manager a short note about the certificate, at the mentor's
    request (their consent): the program, the hours and the skills taught, nothing else.
    Sent once per pair (``ServiceError`` the second time, or when the mentor has no manager
    to write to); the audit trail records it, and so whether it went."""
    _check_mentor(actor, certificate)
    pair = certificate.pair
    # The lock makes "once" hold against two clicks at the same moment.
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    note = manager_note_of(pair)
    if note.sent_at is not None:
        raise ServiceError(f"The note already went to {note.sent_to or 'your manager'}.")
    if note.manager is None:
        raise ServiceError(
            "Your directory entry names no manager Remento can write to, so the note cannot "
            "be sent. Ask your HR team to add your manager in the HR system."
        )
    notify(
        to=note.manager,
        template=NOTE_TEMPLATE,
        context={
            "mentor": pair.mentor,
            "program": pair.program,
            "organization": pair.program.organization,
            "hours": certificate.hours,
            "meetings": certificate.meetings,
            "skills": certificate.skills,
            "signer": certificate.signer,
            "ended_at": pair.ended_at,
        },
    )
    audit_log(
        actor=actor,
        organization=pair.program.organization,
        verb=NOTE_VERB,
        target=pair,
        data={
            "manager": note.manager.pk,
            "manager_name": note.manager.display_name,
            "hours": certificate.hours,
            "skills": list(certificate.skills),
        },
    )
