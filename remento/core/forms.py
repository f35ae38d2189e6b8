"""Forms of the core pages: the password reset and the two-factor code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm

from remento.core.errors import FieldErrors
from remento.core.hygiene import CleanInputMixin
from remento.core.models import User
from remento.core.signin import password_refusal


class SignInPasswordResetForm(CleanInputMixin, PasswordResetForm):
    """Django's reset form, which also serves people who have never had a password.

    The HRIS import gives every new person a sign-in with an unusable password; "Forgotten
    your password?" is how they choose their first one. Django's own form skips unusable
    passwords (meant for accounts that sign in elsewhere, which Remento does not have).
    Inactive sign-ins (people who have left) still get nothing, and the page never says
    whether an email has an account.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        users = User.objects.filter(email__iexact=email.strip(), is_active=True)
        # A sign-in refused passwords (single sign-on only) gets no reset link either.
        return (
            user
            for user in users
            if user.email.casefold() == email.strip().casefold() and password_refusal(user) is None
        )


class TwoFactorCodeForm(CleanInputMixin, forms.Form):
    """The six-digit code an authenticator app shows."""

    code = forms.RegexField(
        label="Code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": "Enter the 6 digits your authenticator app shows now."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


def show_field_errors(form: forms.BaseForm, error: FieldErrors) -> None:
    """Put a service's ``FieldErrors`` on ``form``: each message on its field when the form
    has that field, on the whole form otherwise."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)


class InputForm[T](CleanInputMixin, forms.Form):
    """A form that fills a service's input dataclass (``input_class``) field by field.

    ``to_input()`` builds the dataclass from the cleaned data of the fields the two share;
    ``for_object(obj)`` opens the form on an existing row, each shared field's initial value
    read from the row (the id for a choice of rows, so nothing more is fetched).
    """

    input_class: type[T]

    @classmethod
    def shared_fields(cls) -> list[str]:
        return [f.name for f in fields(cls.input_class) if f.name in cls.base_fields]  # type: ignore[arg-type]

    @classmethod
    def initial_of(cls, obj: object) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name in cls.shared_fields():
            row_choice = isinstance(cls.base_fields[name], forms.ModelChoiceField)
            initial[name] = getattr(obj, f"{name}_id" if row_choice else name)
        return initial

    def to_input(self) -> T:
        return self.input_class(**{name: self.cleaned_data[name] for name in self.shared_fields()})
