"""Reading import batches: only the uploader, inside their own organisation, sees one."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from remento.people.models import Employee, ImportBatch


def import_batch_get_for(*, viewer: Employee, token: str) -> ImportBatch:
    """The viewer's own upload with this token; a 404 for anyone else's, so a token that
    leaks (a shared screen, a proxy log) opens nothing for another person."""
    if viewer.user_id is None:
        raise Http404("No such upload.")
    return get_object_or_404(
        ImportBatch.objects.select_related("organization"),
        organization_id=viewer.organization_id,
        uploaded_by_id=viewer.user_id,
        token=token,
    )


def import_batch_recent(*, viewer: Employee, limit: int = 10) -> QuerySet[ImportBatch]:
    """The organisation's latest confirmed imports, newest first."""
    return ImportBatch.objects.filter(
        organization_id=viewer.organization_id, status=ImportBatch.Status.APPLIED
    ).select_related("uploaded_by")[:limit]
