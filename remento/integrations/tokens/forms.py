"""The form that makes a token: its kind, name, scopes (the scopes table's words) and expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from remento.core.hygiene import CleanInputMixin
from remento.core.widgets import DateInput
from remento.integrations.tokens.models import TokenKind
from remento.integrations.tokens.scopes import API_SCOPES, SCIM, SCIM_SCOPES


class TokenCreateForm(CleanInputMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of token",
        widget=forms.RadioSelect,
        initial=TokenKind.API,
    )
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="What it is for, so that you know which to revoke: “HR dashboard”, “Entra ID”.",
    )
    scopes = forms.MultipleChoiceField(
        label="What the API token may do",
        choices=list(API_SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="It acts with your rights, narrowed to these.",
    )
    expires_on = forms.DateField(
        label="Expires on (optional)",
        required=False,
        widget=DateInput,
        help_text="It stops working at the end of this day. Leave empty for no expiry.",
    )

    def __init__(self, *args: Any, may_make_scim: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(TokenKind.API.value, "REST API — for your own scripts and reports")]
        if may_make_scim:
            kinds.append((TokenKind.SCIM.value, "SCIM provisioning — for the identity provider"))
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = kinds
        if may_make_scim:
            self.fields[
                "scopes"
            ].help_text += f" A SCIM token may do one thing only: {SCIM_SCOPES[SCIM]}."
        elif self.initial.get("kind") == TokenKind.SCIM:
            self.initial["kind"] = TokenKind.API

    def clean_expires_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("Choose today or a later day: this one has passed.")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == TokenKind.API and not cleaned.get("scopes"):
            self.add_error("scopes", "Tick at least one thing the token may do.")
        return cleaned

    def chosen_scopes(self) -> list[str]:
        """The scopes for the service: the ticked ones, or SCIM's one scope."""
        if self.cleaned_data["kind"] == TokenKind.SCIM:
            return [SCIM]
        return list(self.cleaned_data["scopes"])

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day in the current time zone, or None."""
        day: dt.date | None = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
