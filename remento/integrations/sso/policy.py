""" "Single sign-on only": the password check core's sign-in page and password reset consult
(registered in ``apps.SsoConfig.ready``; core never imports this app)."""

from __future__ import annotations

from remento.core.models import User
from remento.integrations.sso.models import SsoPolicy

SSO_ONLY_REFUSAL = (
    "{organization} signs in with the company account, not with a password. Choose "
    "“Sign in with your company account” below."
)


def sso_only_refusal(user: User) -> str | None:
    """Why ``user`` may not use a password: their organisation is "SSO only" and they are
    not its break-glass admin. Platform operators and people of other organisations may."""
    if user.is_staff or user.is_superuser:
        return None
    employee = getattr(user, "employee", None)
    if employee is None:
        return None
    policy = SsoPolicy.objects.filter(organization_id=employee.organization_id).first()
    if policy is None or not policy.sso_only:
        return None
    if policy.break_glass_id == employee.pk and employee.is_active and employee.is_admin:
        return None
    return SSO_ONLY_REFUSAL.format(organization=employee.organization.name)
