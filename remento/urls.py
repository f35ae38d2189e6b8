from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from remento.core import outbox
from remento.core import views as core_views
from remento.core.forms import SignInPasswordResetForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("outbox/", outbox.outbox, name="outbox"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(form_class=SignInPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("people/", include("remento.people.urls")),
    path("programs/", include("remento.programs.urls")),
    path("enrollment/", include("remento.enrollment.urls")),
    path("matching/", include("remento.matching.urls")),
    path("pairs/", include("remento.relationships.urls")),
    path("training/", include("remento.training.urls")),
    path("admin/", admin.site.urls),
]
