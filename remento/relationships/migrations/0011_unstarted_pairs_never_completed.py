"""Pairs closed before they ever started were recorded as completed when their program
closed; the participation funnel then counted more people as completing than as starting.
They ended early (``completion.ran_its_course``)."""

from django.db import migrations


def unstarted_not_completed(apps, schema_editor):
    Pair = apps.get_model("relationships", "Pair")
    Pair.objects.filter(started_at__isnull=True, completed=True).update(completed=False)


class Migration(migrations.Migration):
    dependencies = [("relationships", "0010_goal_source_label")]

    operations = [migrations.RunPython(unstarted_not_completed, migrations.RunPython.noop)]
