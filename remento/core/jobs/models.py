"""The record of one piece of background work (registered by ``remento.core.models``)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from remento.core.models import Organization, TimeStampedModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the task worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    # Done, and its file deleted since (``REMENTO_JOB_FILE_HOURS``).
    EXPIRED = "expired", "Expired"


GOING = (JobStatus.QUEUED, JobStatus.RUNNING)


def job_file_storage() -> FileSystemStorage:
    """Where jobs' files live: under MEDIA_ROOT (never served), readable by the server's own
    user only; each download goes through a view that checks who asks."""
    return FileSystemStorage(file_permissions_mode=0o600, directory_permissions_mode=0o700)


def job_file_name(instance: BackgroundJob, filename: str) -> str:
    """A random name in the organisation's folder: never the download's own name."""
    suffix = PurePath(filename).suffix[:10]
    return f"jobs/{instance.organization_id}/{uuid.uuid4().hex}{suffix}"


class BackgroundJob(TimeStampedModel):
    """One piece of work asked of the task worker by a person of an organisation."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What it is ("people.import", "outcomes.export", ...) and what it is about (an id of
    # the kind's own, e.g. the import's upload or the program), for the pages that find it.
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=100, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # At most one exclusive job of a kind goes at once in an organisation (imports).
    exclusive = models.BooleanField(default=False)
    # The URL's secret: unguessable, and only ever looked up with organisation and requester.
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=JobStatus, default=JobStatus.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Why it failed, in words the page shows as they are.
    failure = models.TextField(blank=True)
    # What it did (counts, never personal data), for the page that shows the outcome.
    result = models.JSONField(default=dict, blank=True)
    file = models.FileField(
        upload_to=job_file_name, storage=job_file_storage, max_length=200, blank=True
    )
    file_name = models.CharField(max_length=255, blank=True)  # the name the download gets
    content_type = models.CharField(max_length=100, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "kind", "subject", "-created_at"], name="core_job_find"
            ),
            models.Index(fields=["status", "expires_at"], name="core_job_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"],
                condition=models.Q(exclusive=True, status__in=["queued", "running"]),
                name="core_job_one_exclusive_going",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.status})"

    @property
    def going(self) -> bool:
        return self.status in GOING
