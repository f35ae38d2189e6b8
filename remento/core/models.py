"""The tenant, the user account, the audit trail and the base every model shares."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

DEFAULT_LEVEL_NAMES = [
    "Entry",
    "Associate",
    "Professional",
    "Senior professional",
    "Lead",
    "Manager",
    "Senior manager",
    "Director",
    "Vice president",
    "Executive",
]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def default_level_names() -> list[str]:
    return list(DEFAULT_LEVEL_NAMES)


class Organization(TimeStampedModel):
    """The tenant: every row of every app belongs to exactly one organisation."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # The organisation's own career ladder: level 1 is level_names[0], and so on.
    level_names = models.JSONField(default=default_level_names)
    # The email domains the organisation's people have (lowercase, e.g. ["acme.example"]):
    # the HRIS import refuses any other address, so that an import can never give a sign-in
    # to somebody outside the organisation. Set by its admins (see core/domains.py).
    email_domains = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def max_level(self) -> int:
        return len(self.level_names)

    def email_domain_allowed(self, email: str) -> bool:
        """Whether ``email`` is an address of one of the organisation's declared domains."""
        domain = email.rpartition("@")[2].strip().lower()
        return bool(domain) and domain in self.email_domains

    def level_name(self, level: int | None) -> str:
        if level is None or not 1 <= level <= len(self.level_names):
            return "—"
        return f"{level} · {self.level_names[level - 1]}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A sign-in. People sign in with their work email; the person is ``user.employee``."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("work email", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.email


class AuditEvent(models.Model):
    """Who did what to which row, written by services in the same transaction."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "verb"]),
            # What happened to one row (e.g. when a program closed): read on results pages.
            models.Index(fields=["target_type", "target_id", "verb"], name="audit_target_verb"),
            # A person's newest events, about them or by them (their personal-data page).
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="audit_target_newest"
            ),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_type}:{self.target_id}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    # Claimed by one worker, which is sending it: no other worker may send it too.
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutgoingEmail(models.Model):
    """One notification email: written when it is queued (after the commit), claimed by the
    one worker that sends it, marked sent or failed. The outbox lists these rows; the body
    stays where the email backend put it (for the file backend: ``file_name`` under
    ``settings.MAIL_DIR``, found there by ``message_id``) and is read only when opened."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    recipient = models.EmailField(max_length=254)
    subject = models.CharField(max_length=500)
    template = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=EmailStatus, default=EmailStatus.QUEUED)
    # The id of the task that claimed it (the backend's task result id).
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    # Why the send failed (the exception's class and message), for the outbox.
    error = models.CharField(max_length=500, blank=True)
    # It may name someone whose data was erased since: the outbox shows its record only.
    names_erased = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # The outbox: one organisation's emails, newest first (keyset pages).
            models.Index(
                fields=["organization", "-created_at", "-id"], name="core_email_org_newest"
            ),
            # The failed-deliveries count.
            models.Index(fields=["organization", "status"], name="core_email_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient} ({self.status})"


# Background work has its own module; imported here so that Django registers its model.
from remento.core.jobs.models import BackgroundJob as BackgroundJob  # noqa: E402
