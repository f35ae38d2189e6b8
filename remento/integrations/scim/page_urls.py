"""The SCIM page, at ``/integrations/scim/`` (the protocol is under ``/scim/v2/``)."""

from django.urls import path

from remento.integrations.scim import pages

app_name = "scim_page"

urlpatterns = [
    path("", pages.scim_settings, name="settings"),
]
