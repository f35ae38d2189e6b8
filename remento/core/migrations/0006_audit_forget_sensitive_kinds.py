"""Profile updates no longer record which sensitive attributes someone declared (the kind
alone, an LGBTQ+ or a disability answer, is the attribute): drop it from the events already
written, so the audit page and its export never show it."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forget_sensitive_kinds(apps: Any, schema_editor: Any) -> None:
    events = apps.get_model("core", "AuditEvent").objects.filter(
        verb="employee.profile_update", data__has_key="sensitive"
    )
    for event in events.only("pk", "data").iterator(chunk_size=2000):
        event.data.pop("sensitive", None)
        event.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_target_index")]

    operations = [migrations.RunPython(forget_sensitive_kinds, migrations.RunPython.noop)]
