from django.urls import path

from remento.integrations.chat import views

app_name = "chat"

urlpatterns = [
    path("", views.chat_settings, name="settings"),
    path("me/", views.my_notifications, name="my_notifications"),
    path("<slug:service>/", views.connection_save, name="connection_save"),
    path("<slug:service>/test/", views.connection_test, name="connection_test"),
    path("<slug:service>/disconnect/", views.connection_delete, name="connection_delete"),
]
