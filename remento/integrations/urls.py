from django.urls import include, path

from remento.integrations import views

app_name = "integrations"

urlpatterns = [
    path("", views.hub, name="hub"),
]

# Mounted by remento/urls.py at their own roots: the protocol paths are fixed by the
# standards and by the identity providers' set-up screens.
protocol_urlpatterns = [
    path("sso/", include("remento.integrations.sso.urls")),
    path("scim/v2/", include("remento.integrations.scim.urls")),
    path("api/", include("remento.integrations.api.urls")),
    path("integrations/chat/", include("remento.integrations.chat.urls")),
    path("integrations/tokens/", include("remento.integrations.tokens.urls")),
    path("integrations/scim/", include("remento.integrations.scim.page_urls")),
]
