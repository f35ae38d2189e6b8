"""Runs and previews stored how many of their pairs brought together different backgrounds;
no page shows it any more (``selectors.runs.diversity_counts`` says why), so what was
stored goes too."""

from django.db import migrations


def forget_counts(apps, schema_editor):
    for name, field in (("MatchRun", "summary"), ("MatchPreview", "data")):
        model = apps.get_model("matching", name)
        rows = model.objects.filter(**{f"{field}__has_key": "backgrounds"})
        for row in rows.iterator(chunk_size=500):
            getattr(row, field).pop("backgrounds", None)
            row.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [("matching", "0007_swap_index")]

    operations = [migrations.RunPython(forget_counts, migrations.RunPython.noop)]
