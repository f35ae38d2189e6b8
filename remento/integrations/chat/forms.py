"""The chat settings' forms: one per service, and a person's own preference."""

from __future__ import annotations

from django import forms

from remento.core.forms import CleanInputMixin
from remento.integrations.chat.kinds import KINDS
from remento.integrations.chat.models import ChatConnection, Delivery, Service
from remento.integrations.chat.services import ConnectionInput

KIND_CHOICES = [(kind.key, f"{kind.label} — {kind.help}") for kind in KINDS]


class ConnectionForm(CleanInputMixin, forms.Form):
    secret = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    channel = forms.CharField(
        required=False,
        max_length=80,
        label="Channel",
        help_text="Where the organisation's posts go: #name or the channel's ID (C0123ABCD). "
        "Invite the app to it first (/invite @Remento in the channel).",
    )
    channel_kinds = forms.MultipleChoiceField(
        required=False,
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="Post to the channel",
        help_text="A short line naming the program, at most once a day per kind and program; "
        "never who it is about.",
    )
    direct_messages = forms.BooleanField(
        required=False,
        label="Let people choose Slack direct messages for their own notifications",
        help_text="Each person then picks email, Slack or both on “My notifications”; "
        "Remento finds them in Slack by their work email.",
    )
    enabled = forms.BooleanField(
        required=False, initial=True, label="Send messages through this connection"
    )

    def __init__(self, *args: object, service: str, connection: ChatConnection | None, **kwargs):
        kwargs.setdefault("prefix", service)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.service = service
        self.connection = connection
        stored = "A secret is stored; leave this blank to keep it. " if connection else ""
        if service == Service.SLACK:
            self.fields["secret"].label = "Bot token"
            self.fields["secret"].help_text = (
                f"{stored}The Bot User OAuth Token (xoxb-…) from your Slack app's “OAuth & "
                "Permissions” page; Remento checks it with Slack before saving."
            )
        else:
            self.fields["secret"].label = "Workflows webhook URL"
            self.fields["secret"].help_text = (
                f"{stored}In Teams: the channel's ⋯ menu → Workflows → “Post to a channel "
                "when a webhook request is received”; paste the URL it gives."
            )
            del self.fields["channel"]
            del self.fields["direct_messages"]
            # A refused URL comes back in its field beside the reason, for the admin who just
            # typed it to see what is wrong; a stored one never shows (the unbound form has
            # no value).
            secret = self.fields["secret"].widget
            assert isinstance(secret, forms.PasswordInput)
            secret.render_value = True
        if connection is not None and not self.is_bound:
            self.initial.update(
                channel=connection.channel,
                channel_kinds=connection.channel_kinds,
                direct_messages=connection.direct_messages,
                enabled=connection.enabled,
            )

    def to_input(self) -> ConnectionInput:
        data = self.cleaned_data
        return ConnectionInput(
            service=self.service,
            secret=data.get("secret", ""),
            channel=data.get("channel", ""),
            channel_kinds=tuple(data.get("channel_kinds", ())),
            direct_messages=bool(data.get("direct_messages")),
            enabled=bool(data.get("enabled")),
        )


class PreferenceForm(CleanInputMixin, forms.Form):
    delivery = forms.ChoiceField(
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        label="Send my notifications by",
    )
