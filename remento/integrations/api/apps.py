from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "remento.integrations.api"
    label = "api"
    verbose_name = "REST API"
