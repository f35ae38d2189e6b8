from django.urls import path

from remento.integrations.tokens import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_new, name="create"),
    path("<int:token_pk>/revoke/", views.token_revoke_view, name="revoke"),
]
