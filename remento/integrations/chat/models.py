"""Slack and Microsoft Teams: an organisation's connections, each person's choice, and the
record of every message sent.

A connection holds its secret (a Slack bot token, a Teams webhook URL, which is a secret
too: whoever holds it can post) encrypted with ``remento.core.crypto``; pages never show it
again. Every message is a ``ChatMessage`` row: the worker claims it, sends it, and records
how it went, so a coordinator sees each delivery (and each failure) on the chat page.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from remento.core.models import Organization
from remento.people.models import Employee


class Service(models.TextChoices):
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"


class ChatConnection(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="chat_connections"
    )
    service = models.CharField(max_length=10, choices=Service.choices)
    enabled = models.BooleanField(default=True)
    # Slack: the bot token (xoxb-…); Teams: the Workflows webhook URL. Encrypted.
    secret_encrypted = models.TextField()
    # Slack only: the channel the organisation's posts go to (an ID such as C0123 or #name).
    channel = models.CharField(max_length=80, blank=True)
    # What the service said on the last check (Slack's auth.test: the workspace's name).
    workspace = models.CharField(max_length=200, blank=True)
    # Which kinds of notification are posted to the organisation's channel (see kinds.py).
    channel_kinds = models.JSONField(default=list)
    # Slack only: people may choose to get their own notifications as direct messages.
    direct_messages = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "service"], name="chat_one_connection_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} for {self.organization_id}"


class Delivery(models.TextChoices):
    EMAIL = "email", "Email only"
    CHAT = "chat", "Chat only"
    BOTH = "both", "Chat and email"


class ChatPreference(models.Model):
    """Where one person's own notifications go (no row: email only)."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="chat_preference"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.EMAIL)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.delivery}"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting"
    SENDING = "sending", "Sending"
    SENT = "sent", "Delivered"
    FAILED = "failed", "Failed"
    EMAILED = "emailed", "Failed, sent by email instead"


class Target(models.TextChoices):
    CHANNEL = "channel", "Organisation channel"
    PERSON = "person", "Direct message"


class ChatMessage(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="chat_messages"
    )
    connection = models.ForeignKey(
        ChatConnection, on_delete=models.CASCADE, related_name="messages"
    )
    target = models.CharField(max_length=10, choices=Target.choices)
    recipient = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=30)
    template = models.CharField(max_length=200)
    # What is posted: the notification's subject or a channel template's line, never a body.
    text = models.CharField(max_length=500)
    link = models.URLField(max_length=500)
    # Channel posts: one per kind, program and day, whoever the notification went to.
    dedupe_key = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="chat_channel_post_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.kind} ({self.status})"
