"""An organisation's single sign-on: one connection per protocol, and its policy.

Secrets (the OIDC client secret) are stored encrypted (``sso/secrets.py``); nothing here is
ever shown back in full.
"""

from __future__ import annotations

from django.db import models

from remento.core.models import Organization, TimeStampedModel


class Protocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class MatchOn(models.TextChoices):
    EMAIL = "email", "Work email"
    EMPLOYEE_ID = "employee_id", "Employee id"


class SsoConnection(TimeStampedModel):
    """How one organisation's people sign in through its identity provider."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="sso_connections"
    )
    protocol = models.CharField(max_length=10, choices=Protocol.choices)
    enabled = models.BooleanField(
        default=False, help_text="Off: the sign-in page does not offer it (tests still run)."
    )
    label = models.CharField(
        max_length=80,
        default="your company account",
        help_text="Shown on the sign-in page: “Sign in with …”.",
    )
    # Which person a sign-in is: the claim (OIDC) or attribute (SAML) named here carries the
    # work email or the employee id, looked up in this organisation only.
    match_on = models.CharField(max_length=20, choices=MatchOn.choices, default=MatchOn.EMAIL)
    match_claim = models.CharField(max_length=200, default="email")
    # Where the provider sends the email (checked against the allowed domains when present).
    email_claim = models.CharField(max_length=200, default="email")
    # A subset of the organisation's own email domains; empty: all of them.
    allowed_domains = models.JSONField(default=list, blank=True)

    # OpenID Connect.
    issuer = models.URLField(max_length=500, blank=True)
    client_id = models.CharField(max_length=300, blank=True)
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    oidc_scopes = models.CharField(max_length=300, default="openid email profile")

    # SAML 2.0: the identity provider's metadata, from a URL or pasted as XML.
    idp_metadata_url = models.URLField(max_length=500, blank=True)
    idp_metadata_xml = models.TextField(blank=True)
    # Remento's own key pair as the service provider (signs its requests, decrypts
    # encrypted assertions): made per connection, the private key stored encrypted.
    sp_certificate = models.TextField(blank=True, editable=False)
    sp_private_key_encrypted = models.TextField(blank=True, editable=False)
    # When an admin's test sign-in last found a person to sign in (``sso_finish``): "SSO
    # only" needs a connection proved to work. Cleared when the provider's settings change.
    tested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "protocol"], name="sso_one_connection_per_protocol"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_protocol_display()}"

    def domains(self) -> list[str]:
        """The email domains this connection accepts: its own list, else the organisation's."""
        own = [d for d in self.allowed_domains if d in self.organization.email_domains]
        return own or list(self.organization.email_domains)


class SsoPolicy(TimeStampedModel):
    """Whether an organisation's people must sign in through single sign-on."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="sso_policy"
    )
    sso_only = models.BooleanField(
        default=False,
        help_text="Passwords are refused for this organisation's people, except the "
        "break-glass admin's.",
    )
    # The one admin who may still sign in with a password (and two-step) when the identity
    # provider is down.
    break_glass = models.ForeignKey(
        "people.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.organization} · SSO policy"
