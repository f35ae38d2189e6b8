"""The sponsor's report as a file: every download is recorded."""

from __future__ import annotations

from django.db import transaction

from remento.core.audit import audit_log
from remento.core.models import User
from remento.outcomes.pdf import pdf_bytes
from remento.people.access import coordinator_of
from remento.programs.models import Program

REFUSAL = "Only coordinators and admins of this organisation may download its program reports."


@transaction.atomic
def report_pdf_download(*, actor: User, program: Program, html: str) -> bytes:
    """``html`` (the rendered report of ``program``) as a PDF, for a coordinator or admin of
    the program's organisation (``PermissionDenied`` otherwise); the audit trail records who
    downloaded which program's report."""
    coordinator_of(actor, program.organization_id, refusal=REFUSAL)
    pdf = pdf_bytes(html)
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="report.downloaded",
        target=program,
        data={"format": "pdf", "bytes": len(pdf)},
    )
    return pdf
