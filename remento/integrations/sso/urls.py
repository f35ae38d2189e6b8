from django.urls import include, path

from remento.integrations.sso import oidc, views

app_name = "sso"

urlpatterns: list = [
    path("", views.start, name="start"),
    path("settings/", views.settings_index, name="settings"),
    path("oidc/settings/", views.oidc_settings, name="oidc_settings"),
    path("oidc/test/", views.oidc_test, name="oidc_test"),
    # The redirect URI an admin pastes into the identity provider: keep it stable.
    path("oidc/callback/", oidc.OidcCallbackView.as_view(), name="oidc_callback"),
    path("oidc/<slug:slug>/start/", oidc.OidcStartView.as_view(), name="oidc_start"),
    # SAML's pages (metadata, assertion consumer, settings): remento/integrations/sso/saml/.
    path("saml/", include("remento.integrations.sso.saml.urls")),
    # Last: an organisation's own start link (its slug), after every fixed path above.
    path("<slug:slug>/", views.organization_start, name="organization_start"),
]
