"""What SCIM provisioning keeps beside the directory: which person each SCIM User is, and the
groups the identity provider pushes.

A User's SCIM ``id`` is a random UUID of its own, never the database key, so that it reveals
nothing and stays the same for as long as the identity provider provisions the person.
Deleting a User (``DELETE /Users/{id}``) offboards the person as a leaver and removes this
mapping, so the id answers 404 from then on; the person stays in the directory for the
retention period, as with the HRIS import.
"""

from __future__ import annotations

import uuid

from django.db import models

from remento.core.models import Organization, TimeStampedModel
from remento.people.models import Employee


class ScimUser(TimeStampedModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="scim_users"
    )
    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="scim_user")
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # As the identity provider sent it, and case-folded for the uniqueness and filters
    # (RFC 7643 makes userName case-insensitive).
    user_name = models.CharField(max_length=255)
    user_name_key = models.CharField(max_length=255, editable=False)
    external_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user_name_key"], name="scim_user_unique_user_name"
            )
        ]
        indexes = [models.Index(fields=["organization", "external_id"])]

    def __str__(self) -> str:
        return self.user_name


class ScimGroup(TimeStampedModel):
    """A group of the identity provider (the group that was assigned to Remento in Entra ID
    or Okta), with the provisioned people in it; listed on the SCIM page."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="scim_groups"
    )
    scim_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=255)
    external_id = models.CharField(max_length=255, blank=True)
    members = models.ManyToManyField(ScimUser, blank=True, related_name="groups")

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "display_name"], name="scim_group_unique_display_name"
            )
        ]

    def __str__(self) -> str:
        return self.display_name
