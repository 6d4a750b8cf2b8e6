"""Import uploads move from the database (ImportJob.data) to the "imports" file storage."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import migrations, models


def files_to_storage(apps, schema_editor):
    ImportJob = apps.get_model("dataio", "ImportJob")
    for job in ImportJob.objects.exclude(data=None).iterator():
        name = f"{job.created_at:%Y/%m}/{job.token}{Path(job.filename).suffix.lower()[:10]}"
        job.stored_name = storages["imports"].save(name, ContentFile(bytes(job.data)))
        job.save(update_fields=["stored_name"])


def files_to_database(apps, schema_editor):
    ImportJob = apps.get_model("dataio", "ImportJob")
    for job in ImportJob.objects.exclude(stored_name="").iterator():
        with storages["imports"].open(job.stored_name, "rb") as stored:
            job.data = stored.read()
        job.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("dataio", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="data",
            field=models.BinaryField(null=True, help_text="the uploaded file, read again at confirmation"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="stored_name",
            field=models.CharField(
                blank=True, help_text="the uploaded file in the 'imports' storage (uploads.py)", max_length=200
            ),
        ),
        migrations.RunPython(files_to_storage, files_to_database),
        migrations.RemoveField(model_name="importjob", name="data"),
    ]
