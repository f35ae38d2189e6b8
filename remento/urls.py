from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from remento.core import two_factor
from remento.core import views as core_views
from remento.core.password_reset import (
    AuditedPasswordResetConfirmView,
    RateLimitedPasswordResetView,
    ResumingPasswordResetCompleteView,
)
from remento.integrations.urls import protocol_urlpatterns
from remento.people.views import home, outbox

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<int:email_pk>/", outbox.outbox_email, name="outbox_email"),
    path(
        "outbox/<int:email_pk>/send-again/",
        outbox.outbox_email_send_again,
        name="outbox_email_send_again",
    ),
    path("accounts/login/", two_factor.SignInView.as_view(), name="login"),
    path("accounts/login/code/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-step/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-step/off/", two_factor.two_factor_remove, name="two_factor_remove"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        AuditedPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        ResumingPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("people/", include("remento.people.urls")),
    path("programs/", include("remento.programs.urls")),
    path("enrollment/", include("remento.enrollment.urls")),
    path("matching/", include("remento.matching.urls")),
    path("pairs/", include("remento.relationships.urls")),
    path("training/", include("remento.training.urls")),
    path("outcomes/", include("remento.outcomes.urls")),
    path("integrations/", include("remento.integrations.urls")),
    *protocol_urlpatterns,
    # One sign-in page for everyone, Django admin included: throttled, audited, two-step.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]
