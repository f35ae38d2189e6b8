"""The mentor's certificate: its page, its PDF, and the note to their manager."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from remento.core.notifications import render_plain_text
from remento.core.pages import acting_user, action_done
from remento.outcomes.certificates.selectors import Certificate, certificate_for
from remento.outcomes.certificates.services import (
    NOTE_TEMPLATE,
    certificate_manager_note_send,
    certificate_pdf_download,
)
from remento.people.access import employee_for, employee_required


def _note_context(certificate: Certificate) -> dict[str, Any]:
    pair = certificate.pair
    return {
        "recipient": certificate.note.manager,
        "mentor": pair.mentor,
        "program": pair.program,
        "organization": pair.program.organization,
        "hours": certificate.hours,
        "meetings": certificate.meetings,
        "skills": certificate.skills,
        "signer": certificate.signer,
        "ended_at": pair.ended_at,
    }


@employee_required
def certificate_page(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The certificate of a completed pair, for its mentor only (a 404 for anyone else)."""
    certificate = certificate_for(viewer=employee_for(request), pair_pk=pair_pk)
    preview = ""
    if certificate.note.can_send:
        preview = render_plain_text(f"{NOTE_TEMPLATE}.txt", _note_context(certificate))
    return render(
        request,
        "outcomes/certificates/certificate_detail.html",
        {"certificate": certificate, "pair": certificate.pair, "preview": preview.strip()},
    )


@employee_required
def certificate_pdf(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """The certificate as a PDF (the download is recorded in the audit trail)."""
    certificate = certificate_for(viewer=employee_for(request), pair_pk=pair_pk)
    html = render_to_string(
        "outcomes/certificates/certificate_pdf.html",
        {"certificate": certificate, "issued": timezone.localdate()},
    )
    pdf = certificate_pdf_download(actor=acting_user(request), certificate=certificate, html=html)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"{certificate.mentor.display_name} {certificate.pair.program.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}-certificate.pdf"'
    return response


@require_POST
@employee_required
def certificate_manager_note(request: HttpRequest, pair_pk: int) -> HttpResponse:
    """Send the note to the mentor's manager: the mentor's button is their consent."""
    certificate = certificate_for(viewer=employee_for(request), pair_pk=pair_pk)
    manager = certificate.note.manager
    action_done(
        request,
        lambda: certificate_manager_note_send(actor=acting_user(request), certificate=certificate),
        f"The note is on its way to {manager.display_name if manager else 'your manager'}.",
    )
    return redirect("outcomes:certificate", pair_pk=certificate.pair.pk)
