"""Indexes for the pages that read a few people of a large organisation (issue 20).

``(organization, role, last_name, first_name)``: the roles page, the SSO break-glass
choice and a program's "whom to ask" read the admins and coordinators; without it they read
every person of the organisation in name order (the name index, to save a sort) and kept
the few. With the names after the role, one role's people come already sorted, so the
planner has no sort to save by walking everyone (it did, even with this index, when the
names were not in it: its statistics are averages, and most people are participants).

``(organization, is_active, location)``: the invitation form's distinct locations, read one
index step per location (``people.locations.active_locations``).

Then the planner's statistics are refreshed for the table (``remento.core.db.analyze``), so
that SQLite knows the new indexes' shape instead of keeping to the name index it had stats
for.
"""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _analyze(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from remento.core.db import analyze

    analyze([apps.get_model("people", "Employee")])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_skill_totals"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(
                fields=["organization", "role", "last_name", "first_name"], name="employee_org_role"
            ),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(
                fields=["organization", "is_active", "location"], name="employee_org_location"
            ),
        ),
        migrations.RunPython(_analyze, migrations.RunPython.noop, elidable=True),
    ]
