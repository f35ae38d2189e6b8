"""Every change made through the Django admin writes an AuditEvent.

The admin records each addition, change and deletion as a ``LogEntry``: one saved row for a
single object (its ``post_save`` is heard here), or a ``bulk_create`` for the many objects
of the "delete selected" action, which sends no signal, so that action is wrapped, site-wide,
to audit each object it deleted. The event is filed under the object's organisation (its
``organization``, or the person of a sign-in) so that organisation's admins see it, and keeps
only which fields changed, never their values.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from remento.core.models import AuditEvent, Organization, User

ACTION_VERBS = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}


def organization_id_of(obj: models.Model | None, *, deleting: bool = False) -> int | None:
    """The organisation a row belongs to, if it belongs to one. A deleted organisation's own
    event is filed under none, or it would be deleted with it."""
    if obj is None:
        return None
    if isinstance(obj, Organization):
        return None if deleting else obj.pk
    organization_id = getattr(obj, "organization_id", None)
    if isinstance(organization_id, int):
        return organization_id
    if isinstance(obj, User):
        employee = getattr(obj, "employee", None)
        return employee.organization_id if employee is not None else None
    return None


def audit_log_entry(entry: LogEntry, *, organization_id: int | None) -> AuditEvent:
    """One AuditEvent for one admin LogEntry."""
    content_type = entry.content_type
    return AuditEvent.objects.create(
        organization_id=organization_id,
        actor_id=entry.user_id,
        verb=ACTION_VERBS.get(entry.action_flag, "admin.changed"),
        target_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        target_id=str(entry.object_id or "")[:64],
        data={"via": "django admin", "change": str(entry.get_change_message())[:500]},
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="remento.audit_admin_log_entry")
def audit_admin_log_entry(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    try:
        obj = instance.get_edited_object()
    except Exception:  # the row is gone already, or its model was removed
        obj = None
    audit_log_entry(
        instance,
        organization_id=organization_id_of(obj, deleting=instance.action_flag == DELETION),
    )


def audited_delete_selected(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: models.QuerySet[Any]
) -> HttpResponse | None:
    """Django's "delete selected" action, auditing each object it deletes."""
    confirmed = bool(request.POST.get("post"))
    organizations = (
        {str(obj.pk): organization_id_of(obj, deleting=True) for obj in queryset}
        if confirmed
        else {}
    )
    last_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = delete_selected(modeladmin, request, queryset)
    if confirmed:
        entries = list(
            LogEntry.objects.filter(
                pk__gt=last_entry, user_id=cast(int, request.user.pk), action_flag=DELETION
            ).select_related("content_type")
        )
        # One object's entry is saved on its own, and audit_admin_log_entry heard it.
        if len(entries) > 1:
            for entry in entries:
                audit_log_entry(entry, organization_id=organizations.get(str(entry.object_id)))
    return response


audited_delete_selected.allowed_permissions = ("delete",)  # type: ignore[attr-defined]
audited_delete_selected.short_description = delete_selected.short_description  # type: ignore[attr-defined]


def install() -> None:
    """Replace the admin site's "delete selected" action with the audited one."""
    admin.site.add_action(audited_delete_selected, "delete_selected")
