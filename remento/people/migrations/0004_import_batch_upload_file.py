"""Pending HRIS uploads move from a database blob to a file under MEDIA_ROOT.

Uploads still waiting for their confirmation are written out as files; the blobs of
applied and discarded uploads were already emptied.
"""

from django.core.files.base import ContentFile
from django.db import migrations, models

import remento.people.models


def blobs_to_files(apps, schema_editor):
    ImportBatch = apps.get_model("people", "ImportBatch")
    for batch in ImportBatch.objects.filter(status="pending").iterator():
        content = bytes(batch.content or b"")
        if content:
            batch.upload.save("upload.csv", ContentFile(content), save=False)
            batch.save(update_fields=["upload"])


def files_to_blobs(apps, schema_editor):
    ImportBatch = apps.get_model("people", "ImportBatch")
    for batch in ImportBatch.objects.filter(status="pending").exclude(upload="").iterator():
        with batch.upload.open("rb") as handle:
            batch.content = handle.read()
        batch.save(update_fields=["content"])
        batch.upload.delete(save=False)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_employee_left_and_erased_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="upload",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                storage=remento.people.models.pending_upload_storage,
                upload_to=remento.people.models.pending_upload_name,
            ),
        ),
        migrations.RunPython(blobs_to_files, files_to_blobs),
        migrations.RemoveField(model_name="importbatch", name="content"),
    ]
