"""Forms of the core pages: the password reset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.forms import PasswordResetForm

from remento.core.models import User


class SignInPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also serves people who have never had a password.

    The HRIS import gives every new person a sign-in with an unusable password; "Forgotten
    your password?" is how they choose their first one. Django's own form skips unusable
    passwords (meant for accounts that sign in elsewhere, which Remento does not have).
    Inactive sign-ins (people who have left) still get nothing, and the page never says
    whether an email has an account.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        users = User.objects.filter(email__iexact=email.strip(), is_active=True)
        return (user for user in users if user.email.casefold() == email.strip().casefold())
