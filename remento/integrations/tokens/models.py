"""Bearer tokens an organisation admin creates for SCIM provisioning and the REST API.

A token is shown once, when it is made; only its SHA-256 digest is kept (the token itself is
256 random bits, so a fast hash is enough: there is nothing to guess). ``prefix`` (its first
characters) names it in lists and logs. A token acts for the organisation with the rights
of the person who made it, narrowed to its scopes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from remento.core.models import Organization


class TokenKind(models.TextChoices):
    API = "api", "REST API"
    SCIM = "scim", "SCIM provisioning"


class AccessToken(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="access_tokens"
    )
    kind = models.CharField(max_length=10, choices=TokenKind.choices)
    name = models.CharField(max_length=120, help_text="What it is for, e.g. “Entra ID”.")
    # The scopes it was granted (see tokens/scopes.py); SCIM tokens have the one scope "scim".
    scopes = models.JSONField(default=list)
    prefix = models.CharField(max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_tokens_made"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_tokens_revoked",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "kind", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def last_day(self) -> dt.date | None:
        """The last day it works, in the current time zone: the day it was set to expire
        (``expires_at`` is the midnight that ends it)."""
        if self.expires_at is None:
            return None
        return timezone.localtime(self.expires_at - dt.timedelta(microseconds=1)).date()

    @property
    def used_just_now(self) -> bool:
        """Used less than a minute ago (what "0 minutes ago" would say)."""
        return self.last_used_at is not None and (
            timezone.now() - self.last_used_at < dt.timedelta(minutes=1)
        )
