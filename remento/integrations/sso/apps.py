from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "remento.integrations.sso"
    label = "sso"
    verbose_name = "Single sign-on"
