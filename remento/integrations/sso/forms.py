"""The single sign-on pages' forms: the work email that starts a sign-in, the OpenID
Connect connection, and the policy."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.forms import InputForm
from remento.core.hygiene import CleanInputMixin
from remento.core.models import Organization
from remento.integrations.sso.models import MatchOn, SsoConnection
from remento.integrations.sso.services import OidcSettings
from remento.people.models import Employee, Role


class WorkEmailForm(CleanInputMixin, forms.Form):
    email = forms.EmailField(
        label="Work email",
        max_length=254,
        error_messages={"invalid": "Enter your work email, like name@company.com."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class OidcConnectionForm(InputForm[OidcSettings]):
    input_class = OidcSettings

    label = forms.CharField(
        label="Name on the sign-in button",
        max_length=80,
        help_text="“Sign in with …”, for example: Okta, your Contoso account.",
    )
    issuer = forms.URLField(
        label="Issuer URL",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Where the provider's /.well-known/openid-configuration lives (see README).",
    )
    client_id = forms.CharField(label="Client id", max_length=300, required=False)
    client_secret = forms.CharField(
        label="Client secret",
        max_length=500,
        required=False,
        strip=True,
        # Write-only: the stored secret is never sent back to the browser.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    oidc_scopes = forms.CharField(label="Scopes", max_length=300)
    match_on = forms.ChoiceField(
        label="Match people on", choices=MatchOn.choices, widget=forms.RadioSelect
    )
    match_claim = forms.CharField(
        label="Claim that carries it",
        max_length=200,
        help_text="email for the work email; for the employee id, the claim your provider "
        "sends it in (for instance employee_id or employeeNumber).",
    )
    email_claim = forms.CharField(
        label="Claim that carries the work email",
        max_length=200,
        required=False,
        help_text="Checked against the allowed domains when the provider sends it.",
    )
    allowed_domains = forms.MultipleChoiceField(
        label="Allowed email domains",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: all of the organisation's domains.",
    )
    enabled = forms.BooleanField(
        label="Offer this sign-in to our people",
        required=False,
        help_text="Leave it off until a test sign-in shows the right person.",
    )

    def __init__(self, *args: Any, organization: Organization, has_secret: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        domains = self.fields["allowed_domains"]
        assert isinstance(domains, forms.MultipleChoiceField)
        domains.choices = [(d, d) for d in organization.email_domains]
        if has_secret:
            self.fields["client_secret"].help_text = (
                "A secret is stored (never shown). Leave empty to keep it; type a new one to "
                "replace it."
            )

    @classmethod
    def for_connection(cls, connection: SsoConnection | None) -> dict[str, Any]:
        """The form's first values: the saved connection's (never its secret), or defaults."""
        source = connection if connection is not None else OidcSettings()
        return {
            name: getattr(source, name) for name in cls.shared_fields() if name != "client_secret"
        }


class PolicyForm(CleanInputMixin, forms.Form):
    sso_only = forms.BooleanField(
        label="Single sign-on only",
        required=False,
        help_text="Passwords are refused for everyone of the organisation except the "
        "break-glass admin (and no password reset is sent).",
    )
    break_glass = forms.ModelChoiceField(
        label="Break-glass admin",
        queryset=Employee.objects.none(),
        required=False,
        empty_label="Nobody",
        help_text="The one admin who keeps a password (and two-step sign-in) for when the "
        "identity provider is down.",
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["break_glass"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Employee.objects.filter(
            organization=organization, role=Role.ADMIN, is_active=True, user__isnull=False
        ).order_by("last_name", "first_name")
