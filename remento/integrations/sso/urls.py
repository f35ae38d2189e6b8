from django.urls import include, path

app_name = "sso"

urlpatterns: list = [
    # SAML's pages (metadata, assertion consumer, settings): remento/integrations/sso/saml/.
    path("saml/", include("remento.integrations.sso.saml.urls")),
]
