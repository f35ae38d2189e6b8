from django.urls import path

from remento.integrations.sso.saml import views

# Included by sso/urls.py (namespace "sso") at /sso/saml/.
urlpatterns = [
    path("settings/", views.saml_settings, name="saml_settings"),
    path("settings/test/", views.saml_test, name="saml_test"),
    path("<slug:slug>/login/", views.SamlLoginView.as_view(), name="saml_login"),
    path("<slug:slug>/acs/", views.SamlAcsView.as_view(), name="saml_acs"),
    path("<slug:slug>/metadata/", views.SamlMetadataView.as_view(), name="saml_metadata"),
]
