from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "remento.core"
    label = "core"
    verbose_name = "Remento core"
