"""The demo outbox: the notifications sent, listed from their records, one opened at a time.

The demo sends mail to files, not to people; these pages let a newcomer read what was sent.
They exist only while ``EMAIL_MODE`` is ``file`` (a 404 otherwise) and only for active
coordinators and admins, each seeing their own organisation's notifications (the rules are
in ``remento.people.outbox``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.models import EmailStatus
from remento.core.notifications import failed_deliveries
from remento.core.pages import acting_user, action_done
from remento.core.paging import keyset_page
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee
from remento.people.outbox import (
    body_readable,
    email_content,
    outbox_email_get,
    outbox_email_retry,
    outbox_emails,
)

PAGE_SIZE = 50
NEWEST_FIRST = ("-created_at", "-id")


def _file_mode_only() -> None:
    if settings.EMAIL_MODE != "file":
        raise Http404("The outbox exists only when emails are written to files.")


@coordinator_required
@with_employee
def outbox(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The notifications sent to the viewer's organisation, newest first, a page at a time,
    and how many failed to go out."""
    _file_mode_only()
    text = request.GET.get("q", "")[:200]
    page = keyset_page(
        outbox_emails(viewer=viewer, text=text),
        order=NEWEST_FIRST,
        size=PAGE_SIZE,
        cursor=request.GET.get("cursor"),
    )
    return render(
        request,
        "core/outbox.html",
        {
            "page": page,
            "emails": page.rows,
            "total": page.total,
            "text": text,
            "failed": failed_deliveries(organization=viewer.organization),
        },
    )


@coordinator_required
@with_employee
def outbox_email(request: HttpRequest, viewer: Employee, email_pk: int) -> HttpResponse:
    """One notification, its body read from its file now where the viewer may read it."""
    _file_mode_only()
    sent = outbox_email_get(viewer=viewer, email_id=email_pk)
    readable = body_readable(viewer=viewer, sent=sent)
    return render(
        request,
        "core/outbox_email.html",
        {
            "sent": sent,
            "content": email_content(sent) if readable else None,
            "withheld": not readable,
            "failed": sent.status == EmailStatus.FAILED,
        },
    )


@require_POST
@coordinator_required
def outbox_email_send_again(request: HttpRequest, email_pk: int) -> HttpResponse:
    """A coordinator's explicit retry of a failed notification."""
    _file_mode_only()
    action_done(
        request,
        lambda: outbox_email_retry(actor=acting_user(request), email_id=email_pk),
        "The email is queued again; the background worker sends it shortly.",
    )
    return redirect("outbox_email", email_pk=email_pk)
