"""The SAML settings form."""

from __future__ import annotations

from typing import Any

from django import forms

from remento.core.domains import email_domains_parse
from remento.core.errors import ServiceError
from remento.core.hygiene import CleanInputMixin
from remento.integrations.sso.models import MatchOn, SsoConnection
from remento.integrations.sso.saml.metadata import MAX_METADATA_BYTES
from remento.integrations.sso.saml.services import SamlSettings


class SamlSettingsForm(CleanInputMixin, forms.Form):
    idp_metadata_url = forms.URLField(
        label="Identity provider's metadata URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Entra ID: “App Federation Metadata Url”; Okta: “Metadata URL”. Fetched "
        "when you save, and again only when you save again.",
    )
    idp_metadata_xml = forms.CharField(
        label="Or the metadata XML",
        required=False,
        max_length=MAX_METADATA_BYTES,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="Paste the whole file when the provider gives no URL (Google Workspace: "
        "“Download metadata”).",
    )
    match_on = forms.ChoiceField(
        label="Match people on", choices=MatchOn.choices, widget=forms.RadioSelect
    )
    match_claim = forms.CharField(
        label="Attribute that carries it",
        max_length=200,
        help_text="The attribute's Name as the provider sends it (a test sign-in lists "
        "them), e.g. email; name_id for the NameID. Entra ID's is in the README.",
    )
    email_claim = forms.CharField(
        label="Attribute with the work email (optional)",
        max_length=200,
        required=False,
        help_text="When matching on the employee id: the email is then checked against the "
        "allowed domains.",
    )
    allowed_domains = forms.CharField(
        label="Allowed email domains",
        required=False,
        help_text="Some of the organisation's domains, separated by commas; empty: all.",
    )
    label = forms.CharField(label="Sign-in button says “Sign in with …”", max_length=80)
    enabled = forms.BooleanField(
        label="Offer this single sign-on on the sign-in page", required=False
    )

    def clean_allowed_domains(self) -> list[str]:
        try:
            return email_domains_parse(self.cleaned_data.get("allowed_domains") or "")
        except ServiceError as error:
            raise forms.ValidationError(str(error)) from None

    def to_settings(self) -> SamlSettings:
        data: dict[str, Any] = self.cleaned_data
        return SamlSettings(
            idp_metadata_url=data["idp_metadata_url"],
            idp_metadata_xml=data["idp_metadata_xml"],
            match_on=data["match_on"],
            match_claim=data["match_claim"],
            email_claim=data["email_claim"],
            allowed_domains=data["allowed_domains"],
            enabled=data["enabled"],
            label=data["label"],
        )

    @staticmethod
    def initial_for(connection: SsoConnection | None) -> dict[str, Any]:
        if connection is None:
            defaults = SamlSettings()
            return {
                "match_on": defaults.match_on,
                "match_claim": defaults.match_claim,
                "label": defaults.label,
            }
        return {
            "idp_metadata_url": connection.idp_metadata_url,
            # Fetched metadata is not shown back as pasted XML (both given is an error).
            "idp_metadata_xml": "" if connection.idp_metadata_url else connection.idp_metadata_xml,
            "match_on": connection.match_on,
            "match_claim": connection.match_claim,
            "email_claim": connection.email_claim,
            "allowed_domains": ", ".join(connection.allowed_domains),
            "label": connection.label,
            "enabled": connection.enabled,
        }
